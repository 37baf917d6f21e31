using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.News;

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
        Assert.Equal("summary", page.QuerySelector("meta[name='twitter:card']")!.GetAttribute("content"));
        Assert.Equal("What the society did this year.", page.QuerySelector("meta[name='twitter:description']")!.GetAttribute("content"));

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
        Assert.Equal("No articles match.", search.QuerySelector("main [role=status]")!.TextContent);
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
    public async Task AScheduledArticle_AppearsOnceItsTimePasses_EvenOnACachedPage()
    {
        await using var site = new NewsSite();
        var client = site.CreateBrowserClient();
        await site.AddArticleAsync("Announced for tomorrow", site.Clock.GetUtcNow().AddDays(1), slug: "tomorrow", tags: "Later");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/news/tag/later", UriKind.Relative))).StatusCode);

        Assert.DoesNotContain("Announced for tomorrow", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("Announced for tomorrow", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);

        site.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Contains("Announced for tomorrow", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);
        using var article = await client.GetAsync(new Uri("/news/tomorrow", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        Assert.Contains("Announced for tomorrow", await client.GetStringAsync(new Uri("/news/feed.xml", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("Announced for tomorrow", await client.GetStringAsync(new Uri("/news/tag/later", UriKind.Relative)), StringComparison.Ordinal);
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
        Assert.Contains("https://localhost/news/abs-passes-diversity-resolution", urls.Keys);
        Assert.Contains("https://localhost/news/tag/maps", urls.Keys);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", urls["https://localhost/news/mapped"]);

        var robots = await client.GetStringAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Contains("Sitemap: https://localhost/sitemap.xml", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_FindsWordsInTitlesAndBodies_RankedWithTheMatchingPassage()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        await site.AddArticleAsync("Training weekend", now.AddDays(-10), slug: "training-body", body: "Leaders practised facilitation in a long weekend of Balint training.");
        await site.AddArticleAsync("Facilitation explained", now.AddDays(-20), slug: "facilitation-title", body: "How a group leader works.");
        await site.AddArticleAsync("Unrelated", now.AddDays(-1), body: "Nothing to see here.");

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=facilitation");

        var results = page.QuerySelectorAll(".search-results h2 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/news/facilitation-title", "/news/training-body"], results); // a title match ranks first
        Assert.Equal("2 articles match.", page.QuerySelector("[role=status]")!.TextContent);
        var snippet = page.QuerySelectorAll(".search-results .snippet")[1];
        Assert.Equal("facilitation", snippet.QuerySelector("mark")!.TextContent);
        Assert.Equal("search", page.QuerySelector("main input[name=q]")!.GetAttribute("type"));
        Assert.Equal("facilitation", page.QuerySelector("main input[name=q]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Search_AmongEqualMatches_ShowsTheNewestFirst_AndStemsWords()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        await site.AddArticleAsync("Report one", now.AddDays(-30), slug: "older-report", body: "The groups met.");
        await site.AddArticleAsync("Report two", now.AddDays(-3), slug: "newer-report", body: "The groups met.");

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=group");

        Assert.Equal(["/news/newer-report", "/news/older-report"], page.QuerySelectorAll(".search-results h2 a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Search_RanksTitleThenSummaryThenBody_NewestFirstInEach()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        await site.AddArticleAsync("Winter retreat", now.AddDays(-40), slug: "title-old", body: "Nothing else.");
        await site.AddArticleAsync("Notes", now.AddDays(-30), slug: "summary", summary: "A winter retreat in Vermont.");
        await site.AddArticleAsync("Retreat in winter", now.AddDays(-20), slug: "title-new");
        await site.AddArticleAsync("Minutes", now.AddDays(-10), slug: "body-old", body: "We planned the winter retreat.");
        await site.AddArticleAsync("Winter news", now.AddDays(-5), slug: "split", body: "A retreat is planned."); // the words in two places
        await site.AddArticleAsync("More minutes", now.AddDays(-1), slug: "body-new", body: "The winter retreat is full.");

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=winter+retreat");

        Assert.Equal(
            ["/news/title-new", "/news/title-old", "/news/summary", "/news/body-new", "/news/split", "/news/body-old"],
            page.QuerySelectorAll(".search-results h2 a").Select(a => a.GetAttribute("href")));
        Assert.Equal("6 articles match.", page.QuerySelector("[role=status]")!.TextContent);
    }

    [Fact]
    public async Task Search_RanksTheNewestMatches_AndSaysWhenOlderOnesWereLeftOut()
    {
        await using var site = new NewsSite();
        site.Settings["News:SearchWindow"] = "10";
        var start = site.Clock.GetUtcNow().AddDays(-100);
        await site.AddArticleAsync("Facilitation, facilitation", start, slug: "oldest-best-match", body: "All about facilitation.");
        for (var i = 1; i <= 11; i++)
        {
            await site.AddArticleAsync(i == 4 ? "Facilitation at the retreat" : $"Report {i:00}", start.AddDays(i), slug: $"report-{i:00}",
                body: $"Among many other things the group discussed facilitation, number {i}.");
        }

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=facilitation");

        var results = page.QuerySelectorAll(".search-results h2 a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(10, results.Count);
        Assert.Equal("/news/report-04", results[0]); // the title match ranks first among the newest ten...
        Assert.DoesNotContain("/news/oldest-best-match", results); // ...and the eleventh and twelfth newest are left out
        Assert.DoesNotContain("/news/report-01", results);
        Assert.Equal(
            "More than 10 articles match. These are the best matches among the newest 10; add another word to find older ones.",
            page.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(page.QuerySelector("a[rel=next]"));

        var narrower = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=facilitation+all");
        Assert.Equal(["/news/oldest-best-match"], narrower.QuerySelectorAll(".search-results h2 a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task Search_FindsAnArticleScheduledWithinTheCurrentMinute_OnlyOnceItsTimeHasCome()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        var tenPast = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1).AddSeconds(10);
        site.Clock.Advance(tenPast - now);
        await site.AddArticleAsync("Osprey sighting", tenPast.AddSeconds(-5), slug: "earlier-this-minute");
        await site.AddArticleAsync("Osprey nesting", tenPast.AddSeconds(30), slug: "later-this-minute");
        var client = site.CreateBrowserClient();
        async Task<List<string?>> Found() =>
            (await client.GetDocumentAsync("/news/search?q=osprey")).QuerySelectorAll(".search-results h2 a").Select(a => a.GetAttribute("href")).ToList();

        Assert.Equal(["/news/earlier-this-minute"], await Found());

        site.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(["/news/earlier-this-minute"], await Found());

        site.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["/news/later-this-minute", "/news/earlier-this-minute"], await Found());
    }

    [Fact]
    public async Task TheSearchIndex_IsKeyedInPublicationOrder_AndHoldsNoDrafts()
    {
        await using var site = new NewsSite();
        var published = site.Clock.GetUtcNow().AddDays(-3);
        var id = await site.AddArticleAsync("Kept in the index", published, body: "Herons wade here.");
        var draft = await site.AddArticleAsync("Draft heron notes", null, body: "Herons, unpublished.");
        async Task<List<long>> Keys()
        {
            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
            var mask = (1L << Web.Features.News.SqliteArticleSearch.IdBits) - 1;
            return await db.Database.SqlQuery<long>(
                $"SELECT rowid AS \"Value\" FROM ArticleSearch WHERE (rowid & {mask}) IN ({id}, {draft}) ORDER BY rowid").ToListAsync(); // not the seed article
        }

        Assert.Equal([Web.Features.News.SqliteArticleSearch.SearchKey(published, id)], await Keys()); // the triggers and the code agree

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
            var form = (await service.GetFormAsync(draft, CancellationToken.None))!.Value.Form;
            form.PublishAt = published.AddDays(1).UtcDateTime;
            Assert.True((await service.SaveAsync(form, Web.Features.News.ArticleSaveAction.PublishAtGivenTime, NewsData.Staff, CancellationToken.None)).Succeeded);
            form = (await service.GetFormAsync(id, CancellationToken.None))!.Value.Form;
            Assert.True((await service.SaveAsync(form, Web.Features.News.ArticleSaveAction.Unpublish, NewsData.Staff, CancellationToken.None)).Succeeded);
        }

        Assert.Equal([Web.Features.News.SqliteArticleSearch.SearchKey(published.AddDays(1), draft)], await Keys());
        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=heron");
        Assert.Equal(["Draft heron notes"], page.QuerySelectorAll(".search-results h2 a").Select(a => a.TextContent));
    }

    [Fact]
    public async Task TheSearchIndex_HoldsOneRowUnderTheCurrentKey_ThroughEveryKindOfChange()
    {
        await using var site = new NewsSite();
        var published = site.Clock.GetUtcNow().AddDays(-3);
        var id = await site.AddArticleAsync("Heron watch", published, body: "Herons wade here.");
        await using var scope = site.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
        var db = scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>();
        var mask = (1L << Web.Features.News.SqliteArticleSearch.IdBits) - 1;

        async Task Change(Action<Web.Features.News.ArticleForm> edit, Web.Features.News.ArticleSaveAction action = Web.Features.News.ArticleSaveAction.Update)
        {
            var form = (await service.GetFormAsync(id, CancellationToken.None))!.Value.Form;
            edit(form);
            Assert.True((await service.SaveAsync(form, action, NewsData.Staff, CancellationToken.None)).Succeeded);
        }

        async Task AssertIndexed(DateTimeOffset at, string word)
        {
            var keys = await db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM ArticleSearch WHERE (rowid & {mask}) = {id}").ToListAsync();
            Assert.Equal([Web.Features.News.SqliteArticleSearch.SearchKey(at, id)], keys); // one row, under the key of now
            await db.Database.ExecuteSqlRawAsync("INSERT INTO ArticleSearch(ArticleSearch) VALUES('integrity-check')");
            var page = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=" + word);
            Assert.Single(page.QuerySelectorAll(".search-results h2 a"));
        }

        await Change(f => f.BodyMarkdown = "Egrets fish here."); // the body only
        await AssertIndexed(published, "egrets");

        await Change(f => f.Title = "Egret watch"); // the title only
        await AssertIndexed(published, "egret");

        var moved = published.AddDays(-30); // a published article moved to another time: the old key goes
        await Change(f => f.PublishAt = moved.UtcDateTime, Web.Features.News.ArticleSaveAction.PublishAtGivenTime);
        await AssertIndexed(moved, "egret");

        await Change(f => { f.Title = "Crane watch"; f.BodyMarkdown = "Cranes dance here."; f.PublishAt = published.UtcDateTime; },
            Web.Features.News.ArticleSaveAction.PublishAtGivenTime); // everything at once
        await AssertIndexed(published, "cranes");

        var first = await db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Id).Select(r => r.Id).FirstAsync();
        var version = (await service.GetFormAsync(id, CancellationToken.None))!.Value.Form.Version;
        Assert.True((await service.RestoreAsync(id, first, version, NewsData.Staff, CancellationToken.None)).Succeeded); // back to "Heron watch"
        await AssertIndexed(published, "herons");
    }

    [Fact]
    public async Task Search_PastItsLastPage_AndAbsurdPageNumbers_Answer404()
    {
        await using var site = new NewsSite();
        await site.AddArticleAsync("Osprey sighting", site.Clock.GetUtcNow().AddDays(-1));
        var client = site.CreateBrowserClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/news/search?q=osprey", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/news/search?q=nothingmatches", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/news/search?q=osprey&page=2", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/news?page=214748366", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/news/search?q=osprey&page=214748366", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TheSearchIndex_FollowsEveryEditAndDeletion()
    {
        await using var site = new NewsSite();
        var id = await site.AddArticleAsync("Kestrel migration", site.Clock.GetUtcNow().AddDays(-1), slug: "birds", body: "Falcons nest here.");
        var client = site.CreateBrowserClient();
        async Task<int> Hits(string q) => (await client.GetDocumentAsync("/news/search?q=" + q)).QuerySelectorAll(".search-results h2 a").Length;
        Assert.Equal(1, await Hits("kestrel"));
        Assert.Equal(1, await Hits("falcons"));

        await using (var scope = site.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
            var form = (await service.GetFormAsync(id, CancellationToken.None))!.Value.Form;
            form.Title = "Osprey migration";
            form.Summary = "Big birds.";
            form.BodyMarkdown = "Herons wade here.";
            Assert.True((await service.SaveAsync(form, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None)).Succeeded);
        }

        Assert.Equal(0, await Hits("kestrel"));
        Assert.Equal(0, await Hits("falcons"));
        Assert.Equal(1, await Hits("osprey"));
        Assert.Equal(1, await Hits("herons"));

        await using (var scope = site.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>().DeleteAsync(id, NewsData.Staff, CancellationToken.None));
        }

        Assert.Equal(0, await Hits("osprey"));
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("title: NEAR( OR *")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("   ")]
    public async Task Search_WithAnyInput_AnswersAPageNeverAnError(string query)
    {
        await using var site = new NewsSite();

        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/news/search?q=" + Uri.EscapeDataString(query), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<script>alert", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_IsRateLimitedPerAddress_WithAFriendlyPage()
    {
        await using var site = new NewsSite();
        site.Settings["RateLimiting:SearchesPerMinute"] = "3";
        var client = site.CreateBrowserClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.GetAsync(new Uri($"/news/search?q=word{i}", UriKind.Relative));
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        using var list = await client.GetAsync(new Uri("/news", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task AChangedSlug_RedirectsTheOldAddressPermanently()
    {
        await using var site = new NewsSite();
        var id = await site.AddArticleAsync("Renamed", site.Clock.GetUtcNow().AddDays(-1), slug: "first-name");
        await site.WithDbAsync(async db =>
        {
            // Through the service, as the editor would.
            await using var scope = site.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
            var form = (await service.GetFormAsync(id, CancellationToken.None))!.Value.Form;
            form.Slug = "second-name";
            var result = await service.SaveAsync(form, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None);
            Assert.True(result.Succeeded);
        });

        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/news/first-name", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/news/second-name", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ARefusedSave_ChangesNothing_NotEvenAnotherArticlesOldAddress()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        var moved = await site.AddArticleAsync("Moved", now.AddDays(-2), slug: "first-home");
        var other = await site.AddArticleAsync("Other", now.AddDays(-1), slug: "other");
        await using var scope = site.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
        var movedForm = (await service.GetFormAsync(moved, CancellationToken.None))!.Value.Form;
        movedForm.Slug = "second-home";
        Assert.True((await service.SaveAsync(movedForm, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None)).Succeeded);

        // A save of the other article, taking the old address, from a form that is out of date: refused.
        var stale = (await service.GetFormAsync(other, CancellationToken.None))!.Value.Form;
        stale.Version--;
        stale.Slug = "first-home";
        var auditBefore = await site.WithDbAsync(db => db.AuditEntries.CountAsync());

        var result = await service.SaveAsync(stale, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None);

        Assert.True(result.IsConflict);
        Assert.True(await site.WithDbAsync(db => db.ArticleSlugRedirects.AnyAsync(r => r.OldSlug == "first-home" && r.ArticleId == moved)));
        Assert.Equal(auditBefore, await site.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == other)));
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/news/first-home", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
    }

    [Fact]
    public async Task CachedPages_AreServedUntilAnArticleChanges_ThenNobodySeesTheStalePage()
    {
        await using var site = new NewsSite();
        var client = site.CreateBrowserClient();
        Assert.Contains("ABS Passes Diversity Resolution", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);

        // A change behind the site's back is not seen: the page comes from the cache.
        await site.WithDbAsync(db => db.Articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "Changed behind the cache")));
        Assert.Contains("ABS Passes Diversity Resolution", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);

        // A change through the site evicts every cached news page.
        await site.AddArticleAsync("Fresh news", site.Clock.GetUtcNow().AddMinutes(-1));
        var fresh = await client.GetStringAsync(new Uri("/news", UriKind.Relative));
        Assert.Contains("Fresh news", fresh, StringComparison.Ordinal);
        Assert.Contains("Changed behind the cache", fresh, StringComparison.Ordinal);
    }
}
