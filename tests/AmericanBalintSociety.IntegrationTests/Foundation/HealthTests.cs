using System.Net;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// <c>/healthz</c> is readiness (the database; 503 without it) and reports mail, backups and disk as degraded (still
/// 200) when the operator is needed; <c>/healthz/live</c> only says the process answers (issue 18).
/// </summary>
public sealed class HealthTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Report)> HealthAsync(TestSite site, string path)
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri(path, UriKind.Relative));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Healthz_Answers503WhenTheDatabaseCannotBeOpened_WhileLiveStillAnswers()
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

        var (status, report) = await HealthAsync(site, "/healthz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());

        var (liveStatus, live) = await HealthAsync(site, "/healthz/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("Healthy", live.GetProperty("status").GetString());
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task FailedMailAndALowDisk_MakeTheSiteDegraded_SayingWhy_ButStill200()
    {
        await using var site = new TestSite { Settings = { ["Health:MinimumFreeDiskMegabytes"] = "10000000" } };
        var (status, report) = await HealthAsync(site, "/healthz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        var checks = report.GetProperty("checks");
        Assert.Equal("Degraded", checks.GetProperty("disk").GetProperty("status").GetString());
        Assert.Contains("MB free on the data folder's disk", checks.GetProperty("disk").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.GetProperty("outbox").GetProperty("status").GetString());
        Assert.Equal("Healthy", checks.GetProperty("backup").GetProperty("status").GetString());

        await site.WithDbAsync(async db =>
        {
            db.OutboxMessages.Add(new OutboxMessage
            {
                Id = Guid.NewGuid(),
                MessageId = $"<{Guid.NewGuid():N}@test>",
                ToAddress = "gone@example.org",
                Subject = "s",
                HtmlBody = "h",
                TextBody = "t",
                Status = OutboxStatus.Failed,
                Attempts = 12,
                CreatedAt = DateTimeOffset.UtcNow,
                NextAttemptAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        (_, report) = await HealthAsync(site, "/healthz");
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("outbox").GetProperty("status").GetString());
        Assert.StartsWith("1 failed mail(s)", report.GetProperty("checks").GetProperty("outbox").GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
