using System.Xml.Linq;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>The RSS feed, the sitemap and robots.txt.</summary>
public sealed class FeedAndSitemapTests
{
    [Fact]
    public async Task Feed_IsValidRssWithTheLatestTwentyArticles_AndEveryPageAnnouncesIt()
    {
        await using var site = new NewsSite();
        var start = site.Clock.GetUtcNow().AddDays(-30);
        for (var i = 1; i <= 22; i++)
        {
            await site.AddArticleAsync($"Feed item {i:00}", start.AddDays(i), slug: $"feed-item-{i:00}");
        }

        var client = site.CreateBrowserClient();
        using var response = await client.GetAsync(new Uri("/news/feed.xml", UriKind.Relative));
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        var rss = XDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("2.0", rss.Root!.Attribute("version")!.Value);
        var items = rss.Root.Element("channel")!.Elements("item").ToList();
        Assert.Equal(20, items.Count);
        Assert.Equal("Feed item 22", items[0].Element("title")!.Value);
        Assert.Equal("https://localhost/news/feed-item-22", items[0].Element("link")!.Value);
        Assert.Equal("Feed item 03", items[^1].Element("title")!.Value);
        Assert.All(items, i => Assert.NotNull(i.Element("pubDate")));

        var home = await client.GetDocumentAsync("/");
        Assert.Equal("/news/feed.xml", home.QuerySelector("link[rel=alternate][type='application/rss+xml']")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Sitemap_ListsEveryPublicPageAndArticleWithItsLastChange_AndRobotsNamesIt()
    {
        await using var site = new NewsSite();
        await site.AddArticleAsync("Mapped", site.Clock.GetUtcNow().AddDays(-1), slug: "mapped", tags: "Maps");
        var client = site.CreateBrowserClient();

        var sitemap = XDocument.Parse(await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)));
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var urls = sitemap.Root!.Elements(ns + "url").ToDictionary(u => u.Element(ns + "loc")!.Value, u => u.Element(ns + "lastmod")?.Value);
        Assert.Contains("https://localhost/", urls.Keys);
        Assert.Contains("https://localhost/news", urls.Keys);
        Assert.Contains("https://localhost/book", urls.Keys);
        Assert.Contains("https://localhost/mailing-list", urls.Keys);
        Assert.Contains("https://localhost/news/abs-passes-diversity-resolution", urls.Keys);
        Assert.Contains("https://localhost/news/tag/maps", urls.Keys);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", urls["https://localhost/news/mapped"]);

        var robots = await client.GetStringAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Contains("Sitemap: https://localhost/sitemap.xml", robots, StringComparison.Ordinal);
    }
}
