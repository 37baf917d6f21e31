using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// Members-only articles and pages (issue 16): members and staff read the text; everyone else gets the title, the
/// summary and an invitation, and the text is never in their HTML, the feed, the sitemap, search, or a cached response.
/// </summary>
public sealed class MembersOnlyContentTests(MembershipSite site) : IClassFixture<MembershipSite>
{
    private const string Secret = "Zephyrine";

    private static async Task<string> ReadAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task AVisitor_GetsTheTeaser_AMemberTheText_AndTheCacheNeverServesOneToTheOther()
    {
        await site.AddArticleAsync("Notes from the members' circle", site.Clock.GetUtcNow().AddDays(-1), slug: "members-circle",
            body: $"The case {Secret} brought to the group.", summary: "What the circle discussed this spring.", membersOnly: true);
        var visitor = site.CreateBrowserClient();

        var teaser = await ReadAsync(visitor, "/news/members-circle");
        Assert.Contains("Notes from the members&#x27; circle", teaser, StringComparison.Ordinal);
        Assert.Contains("What the circle discussed this spring.", teaser, StringComparison.Ordinal);
        Assert.Contains("id=\"members-only\"", teaser, StringComparison.Ordinal);
        Assert.Contains("href=\"/Identity/Account/Login?ReturnUrl=%2Fnews%2Fmembers-circle\"", teaser, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, teaser, StringComparison.Ordinal);
        Assert.Contains("\"isAccessibleForFree\":false", teaser, StringComparison.Ordinal);

        // A member right after the visitor (whose teaser is now cached) gets the text, marked not to be stored.
        var (member, _, _, _) = await site.PaidMemberAsync("circle-reader@example.org");
        using (var full = await member.GetAsync(new Uri("/news/members-circle", UriKind.Relative)))
        {
            Assert.Contains(Secret, await full.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(full.Headers.CacheControl!.NoStore); // kept by no cache on the way, nor by the browser
        }

        // And the visitor after the member still gets the teaser.
        Assert.DoesNotContain(Secret, await ReadAsync(visitor, "/news/members-circle"), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await ReadAsync(site.CreateBrowserClient(), "/news/members-circle"), StringComparison.Ordinal);

        // Staff who write the articles read them; an account without a current membership gets the teaser, and why.
        var editor = await site.SignedInClientAsync("circle-editor@example.org", Roles.Editor);
        Assert.Contains(Secret, await ReadAsync(editor, "/news/members-circle"), StringComparison.Ordinal);
        var account = await site.SignedInClientAsync("circle-account@example.org", null);
        var refused = await ReadAsync(account, "/news/members-circle");
        Assert.DoesNotContain(Secret, refused, StringComparison.Ordinal);
        Assert.Contains("Your account does not have a current membership.", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberFirst_ThenAVisitor_TheVisitorStillGetsTheTeaser()
    {
        await site.AddArticleAsync("Members first", site.Clock.GetUtcNow().AddDays(-1), slug: "members-first",
            body: $"Only for {Secret} readers.", membersOnly: true);
        var (member, _, _, _) = await site.PaidMemberAsync("first-reader@example.org");
        Assert.Contains(Secret, await ReadAsync(member, "/news/members-first"), StringComparison.Ordinal);
        Assert.Contains(Secret, await ReadAsync(member, "/news/members-first"), StringComparison.Ordinal);

        Assert.DoesNotContain(Secret, await ReadAsync(site.CreateBrowserClient(), "/news/members-first"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheText_IsNotInTheFeedTheSitemapOrSearch_ForAnyone()
    {
        await site.AddArticleAsync("Circle minutes", site.Clock.GetUtcNow().AddDays(-1), slug: "circle-minutes",
            body: $"Minutes: {Secret} spoke first.", summary: "The circle's minutes.", membersOnly: true);
        var visitor = site.CreateBrowserClient();

        var feed = await ReadAsync(visitor, "/news/feed.xml");
        Assert.Contains("Circle minutes", feed, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, feed, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await ReadAsync(visitor, "/sitemap.xml"), StringComparison.Ordinal);

        // The text is not searched at all (a match would tell a visitor a word is in it); the title and summary are.
        var (member, _, _, _) = await site.PaidMemberAsync("circle-searcher@example.org");
        foreach (var client in new[] { visitor, member })
        {
            var byBody = await client.GetDocumentAsync($"/news/search?q={Secret}");
            Assert.DoesNotContain("Circle minutes", byBody.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            var byTitle = await client.GetDocumentAsync("/news/search?q=minutes");
            Assert.Contains("Circle minutes", byTitle.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, byTitle.DocumentElement.OuterHtml, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AMembersOnlyPage_IsLockedTheSameWay()
    {
        await site.AddArticleAsync("Group leaders' handbook", site.Clock.GetUtcNow().AddDays(-1), slug: "leaders-handbook",
            body: $"Chapter one: {Secret}.", summary: "Guidance for those who lead Balint groups.", membersOnly: true, kind: ArticleKind.Page);
        var teaser = await ReadAsync(site.CreateBrowserClient(), "/leaders-handbook");
        Assert.DoesNotContain(Secret, teaser, StringComparison.Ordinal);
        Assert.Contains("The rest of this page is for members", teaser, StringComparison.Ordinal);

        var (member, _, _, _) = await site.PaidMemberAsync("handbook-reader@example.org");
        Assert.Contains(Secret, await ReadAsync(member, "/leaders-handbook"), StringComparison.Ordinal);
    }
}
