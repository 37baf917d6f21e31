using System.Net;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>The news as a visitor reads it: the list, an article and its metadata, tags, and what drafts and scheduled articles show.</summary>
public sealed class NewsPublicTests
{
    [Fact]
    public async Task List_ShowsTenNewestFirst_WithPagingBothWays()
    {
        await using var site = new NewsSite();
        var start = site.Clock.GetUtcNow().AddDays(-100);
        for (var i = 1; i <= 23; i++)
        {
            await site.AddArticleAsync($"Article {i:00}", start.AddDays(i));
        }

        var client = site.CreateBrowserClient();
        var first = await client.GetDocumentAsync("/news");
        var titles = first.QuerySelectorAll("main .article-list h2 a").Select(a => a.TextContent).ToList();
        Assert.Equal(Enumerable.Range(14, 10).Reverse().Select(i => $"Article {i:00}"), titles);
        Assert.All(first.QuerySelectorAll("main .article-list time"), t => Assert.Matches(@"^\d{4}-\d\d-\d\dT", t.GetAttribute("datetime")!));
        Assert.Equal("/news?page=2", first.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Null(first.QuerySelector("a[rel=prev]"));

        var second = await client.GetDocumentAsync("/news?page=2");
        Assert.Equal("/news", second.QuerySelector("a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/news?page=3", second.QuerySelector("a[rel=next]")!.GetAttribute("href"));
        Assert.Equal("Page 2", second.QuerySelector(".pager > span")!.TextContent); // not counted: no "of 3"

        // 23 articles and the seeded one: the third page has the last four, the oldest the 2016 resolution.
        var third = await client.GetDocumentAsync("/news?page=3");
        var last = third.QuerySelectorAll("main .article-list h2 a").Select(a => a.TextContent).ToList();
        Assert.Equal(["Article 03", "Article 02", "Article 01", "ABS Passes Diversity Resolution"], last);
        Assert.Null(third.QuerySelector("a[rel=next]"));

        using var beyond = await client.GetAsync(new Uri("/news?page=4", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Fact]
    public async Task Article_ShowsTitleDateTagsMarkdownBodyAndNeighbours()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        await site.AddArticleAsync("Older one", now.AddDays(-3), slug: "older-one");
        await site.AddArticleAsync("Spring meeting", now.AddDays(-2), slug: "spring-meeting",
            body: "Intro paragraph.\n\n## Where\n\nChicago, **in person**.\n\n# A top heading", tags: "Meetings, Chicago");
        await site.AddArticleAsync("Newer one", now.AddDays(-1), slug: "newer-one");

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/spring-meeting");

        Assert.Equal("Spring meeting", Assert.Single(page.QuerySelectorAll("h1")).TextContent);
        Assert.NotNull(page.QuerySelector("article time[datetime]"));
        Assert.Equal("Where", page.QuerySelector(".article-body h2#where")!.TextContent);
        Assert.Equal("A top heading", page.QuerySelectorAll(".article-body h2")[1].TextContent); // never a second h1
        Assert.Equal("in person", page.QuerySelector(".article-body strong")!.TextContent);
        var tags = page.QuerySelectorAll("ul.tags a").Select(a => (a.TextContent, a.GetAttribute("href"))).ToList();
        Assert.Equal([("Chicago", "/news/tag/chicago"), ("Meetings", "/news/tag/meetings")], tags);
        Assert.Equal("/news/older-one", page.QuerySelector(".article-nav a[rel=prev]")!.GetAttribute("href"));
        Assert.Equal("/news/newer-one", page.QuerySelector(".article-nav a[rel=next]")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Article_HasTitleDescriptionCanonicalOpenGraphTwitterAndJsonLd()
    {
        await using var site = new NewsSite();
        await site.AddArticleAsync("Annual report", site.Clock.GetUtcNow().AddHours(-1), slug: "annual-report", summary: "What the society did this year.");

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/annual-report");

        Assert.Equal("Annual report · The American Balint Society", page.Title);
        Assert.Equal("What the society did this year.", page.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.Equal("https://localhost/news/annual-report", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("Annual report", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.Equal("article", page.QuerySelector("meta[property='og:type']")!.GetAttribute("content"));
        Assert.Equal("https://localhost/news/annual-report", page.QuerySelector("meta[property='og:url']")!.GetAttribute("content"));
        Assert.Equal("What the society did this year.", page.QuerySelector("meta[property='og:description']")!.GetAttribute("content"));
        // Without a cover the society's card is shared; Twitter/X reads the og: tags, with its own card size.
        Assert.Equal("https://localhost/og-image.png", page.QuerySelector("meta[property='og:image']")!.GetAttribute("content"));
        Assert.Equal("summary_large_image", page.QuerySelector("meta[name='twitter:card']")!.GetAttribute("content"));

        using var json = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal("NewsArticle", json.RootElement.GetProperty("@type").GetString());
        Assert.Equal("Annual report", json.RootElement.GetProperty("headline").GetString());
        var publisher = json.RootElement.GetProperty("publisher");
        Assert.Equal("Organization", publisher.GetProperty("@type").GetString());
        Assert.Equal("The American Balint Society", publisher.GetProperty("name").GetString());
    }

    [Fact]
    public async Task DraftsAndScheduledArticles_Answer404AndAppearInNoListFeedSitemapOrSearch()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        await site.AddArticleAsync("Secret draft zebra", null, slug: "secret-draft", tags: "Hidden");
        await site.AddArticleAsync("Future zebra news", now.AddDays(2), slug: "future-news", tags: "Hidden");
        var client = site.CreateBrowserClient();

        foreach (var path in new[] { "/news/secret-draft", "/news/future-news", "/news/no-such-article", "/news/tag/hidden" })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var search = await client.GetDocumentAsync("/news/search?q=zebra");
        Assert.Equal("Nothing matches.", search.QuerySelector("main [role=status]")!.TextContent);
        Assert.Empty(search.QuerySelectorAll(".search-results a"));

        foreach (var path in new[] { "/news", "/", "/news/feed.xml", "/sitemap.xml" })
        {
            var body = await client.GetStringAsync(new Uri(path, UriKind.Relative));
            Assert.DoesNotContain("zebra", body, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secret-draft", body, StringComparison.Ordinal);
            Assert.DoesNotContain("future-news", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TagPage_ListsOnlyThatTagsArticles()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        await site.AddArticleAsync("Meeting in Boston", now.AddDays(-2), tags: "Meetings");
        await site.AddArticleAsync("Council minutes", now.AddDays(-1), tags: "Council");

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/tag/meetings");

        Assert.Equal("News tagged “Meetings”", page.QuerySelector("h1")!.TextContent);
        Assert.Equal(["Meeting in Boston"], page.QuerySelectorAll("main .article-list h2 a").Select(a => a.TextContent));
    }
}
