using System.Net;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthz_Answers503WhenTheDatabaseCannotBeOpened()
    {
        var folder = Path.Combine(Path.GetTempPath(), "abs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        // A folder where the database file should be: SQLite cannot open it.
        await using var site = new TestSite
        {
            Settings =
            {
                ["ConnectionStrings:Default"] = $"Data Source={folder}",
                ["Database:MigrateOnStartup"] = "false",
                ["Database:SeedOnStartup"] = "false",
                ["Email:Dispatcher:Enabled"] = "false",
            },
        };

        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        Directory.Delete(folder, recursive: true);
    }
}
