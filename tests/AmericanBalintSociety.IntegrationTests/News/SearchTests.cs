using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>The site search: what it finds, how it ranks, its index kept in step, and hostile or excessive use.</summary>
public sealed class SearchTests
{
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
        Assert.Equal("2 results.", page.QuerySelector("[role=status]")!.TextContent);
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
        await site.AddArticleAsync("Report one", now.AddDays(-30), slug: "older-report", body: "The retreats went well.");
        await site.AddArticleAsync("Report two", now.AddDays(-3), slug: "newer-report", body: "The retreats went well.");

        var page = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=retreat");

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
        Assert.Equal("6 results.", page.QuerySelector("[role=status]")!.TextContent);
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
            "More than 10 results. These are the best matches among the newest 10; add another word to find older ones.",
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
}
