using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.News;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary><c>Site:DataDirectory</c> (issue 18): relative data paths resolve under it, so the data can live outside the app.</summary>
[Trait("Database", "Sqlite")] // about the SQLite file itself: left out when the tests run on SQL Server (docs/operations.md)
public sealed class DataDirectoryTests
{
    [Fact]
    public async Task RelativeDataPaths_ResolveUnderTheDataDirectory()
    {
        await using var site = new TestSite { StartFromEmptyDatabase = true };
        site.Settings["ConnectionStrings:Default"] = "Data Source=App_Data/abs.db";
        site.Settings["News:MediaDirectory"] = "App_Data/media";
        site.Settings["Email:PickupDirectory"] = "App_Data/mail";

        using var home = await site.CreateBrowserClient().GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, home.StatusCode);
        Assert.True(File.Exists(Path.Combine(site.Directory, "App_Data", "abs.db")));
        Assert.True(File.Exists(Path.Combine(site.Directory, "App_Data", "site.lock")));
        Assert.Equal(Path.Combine(site.Directory, "App_Data", "media", "covers"), site.Services.GetRequiredService<CoverImageStore>().Directory);
        Assert.Equal(Path.Combine(site.Directory, "App_Data", "mail"), site.Services.GetRequiredService<PickupDirectoryEmailTransport>().Directory);
    }

    [Fact]
    public void ARelativeDataDirectory_StopsTheSiteAtStart_SayingWhy()
    {
        using var site = new TestSite();
        site.Settings["Site:DataDirectory"] = "data";
        var failure = Assert.ThrowsAny<Exception>(() => site.Services.GetRequiredService<IOptions<Web.Features.Shared.SiteOptions>>().Value);
        Assert.Contains("Site:DataDirectory must be an absolute path", failure.ToString(), StringComparison.Ordinal);
    }
}
