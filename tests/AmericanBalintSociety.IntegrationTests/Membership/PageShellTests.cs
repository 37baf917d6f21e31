using System.Net;
using System.Text.RegularExpressions;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// A signed-in reader's article or page comes from a shell made once per version of it, with their own account links
/// written in (ADR 0020): every reader must see only their own name and links, and each change at once.
/// </summary>
public sealed partial class PageShellTests(MembershipSite site) : IClassFixture<MembershipSite>
{
    private static async Task<(string Html, HttpResponseMessage Response)> ReadAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength); // counted in bytes, whatever the text
        var html = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("<!--account-links-", html, StringComparison.Ordinal); // no hole is ever sent
        return (html, response);
    }

    private static string AccountNav(string html) =>
        AccountNavPattern().Match(html) is { Success: true } nav ? nav.Value : throw new InvalidOperationException("No account links on the page");

    [Theory]
    [InlineData("/news/shell-shared", ArticleKind.Article)]
    [InlineData("/shell-page", ArticleKind.Page)]
    public async Task ReadersOfOnePage_EachSeeOnlyTheirOwnAccountLinks(string path, ArticleKind kind)
    {
        await site.AddArticleAsync($"Shared {kind}", site.Clock.GetUtcNow().AddDays(-1), slug: path.Split('/')[^1], body: "Read by many — in Zürich, São Paulo and Kraków.", kind: kind);
        var ann = await site.SignedInClientAsync($"ann-{kind}@example.org", null);
        var bob = await site.SignedInClientAsync($"bob-{kind}@example.org", null);
        var editor = await site.SignedInClientAsync($"editor-{kind}@example.org", Roles.Editor);

        var (annFirst, annResponse) = await ReadAsync(ann, path);
        var (bobs, _) = await ReadAsync(bob, path);
        var (editors, _) = await ReadAsync(editor, path);
        var (annAgain, _) = await ReadAsync(ann, path);

        Assert.Contains($"Signed in as <strong>ann-{kind}@example.org</strong>", AccountNav(annFirst), StringComparison.Ordinal);
        Assert.Contains($"Signed in as <strong>bob-{kind}@example.org</strong>", AccountNav(bobs), StringComparison.Ordinal);
        Assert.Contains($"Signed in as <strong>editor-{kind}@example.org</strong>", AccountNav(editors), StringComparison.Ordinal);
        foreach (var (page, others) in new[] { (annFirst, new[] { "bob", "editor" }), (bobs, ["ann", "editor"]), (editors, ["ann", "bob"]) })
        {
            Assert.All(others, other => Assert.DoesNotContain($"{other}-{kind}@example.org", page, StringComparison.Ordinal));
            Assert.Contains("Read by many — in Zürich, São Paulo and Kraków.", page, StringComparison.Ordinal);
        }

        // Staff have the staff pages' link; members do not, even after an editor's page was served.
        Assert.Contains("<a href=\"/admin\">Admin</a>", AccountNav(editors), StringComparison.Ordinal);
        Assert.DoesNotContain("/admin", annAgain, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin", bobs, StringComparison.Ordinal);

        // The same reader gets the same page, an HTML page as any view is.
        Assert.Equal(annFirst, annAgain);
        Assert.Equal("text/html; charset=utf-8", annResponse.Content.Headers.ContentType!.ToString());
        annResponse.Dispose();
    }

    [Fact]
    public async Task OneShell_ServesEveryReader_UntilTheArticlesChange()
    {
        var log = new LogCapture();
        await using var own = new TestSite
        {
            Settings = { ["Logging:LogLevel:AmericanBalintSociety.Web.Features.Shared.PageShells"] = "Debug" },
            TestServices = services => services.AddSingleton<ILoggerProvider>(log),
        };
        var readers = new List<HttpClient>();
        for (var i = 0; i < 3; i++)
        {
            readers.Add(await own.SignedInClientAsync($"shell-reader-{i}@example.org", null));
        }

        int ShellsMade(string path) => log.Entries.Count(e => e.Message.StartsWith($"Made the page shell of {path} (open)", StringComparison.Ordinal));
        foreach (var reader in readers.Concat(readers))
        {
            Assert.Contains("ABS Passes Diversity Resolution", (await ReadAsync(reader, "/news/abs-passes-diversity-resolution")).Html, StringComparison.Ordinal);
            Assert.Contains("<h1>About", (await ReadAsync(reader, "/about")).Html, StringComparison.Ordinal);
        }

        Assert.Equal(1, ShellsMade("/news/abs-passes-diversity-resolution"));
        Assert.Equal(1, ShellsMade("/about"));

        // A change empties the news' cache, and with it the shells made from it.
        await own.AddArticleAsync("Later news", DateTimeOffset.UtcNow.AddMinutes(-1), slug: "shell-later");
        await ReadAsync(readers[0], "/news/abs-passes-diversity-resolution");
        await ReadAsync(readers[1], "/news/abs-passes-diversity-resolution");
        await ReadAsync(readers[2], "/about");
        Assert.Equal(2, ShellsMade("/news/abs-passes-diversity-resolution"));
        Assert.Equal(2, ShellsMade("/about"));
    }

    [Fact]
    public async Task AChange_ReachesASignedInReader_AtOnce()
    {
        await site.AddArticleAsync("Before the edit", site.Clock.GetUtcNow().AddDays(-1), slug: "shell-edited");
        var reader = await site.SignedInClientAsync("shell-edit-reader@example.org", null);
        Assert.Contains("<h1>Before the edit</h1>", (await ReadAsync(reader, "/news/shell-edited")).Html, StringComparison.Ordinal);

        // Behind the site's back the page stays as it was (it comes from the news' cache, as everyone's does)…
        await site.WithDbAsync(db => db.Articles.Where(a => a.Slug == "shell-edited")
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "After the edit")));
        Assert.Contains("<h1>Before the edit</h1>", (await ReadAsync(reader, "/news/shell-edited")).Html, StringComparison.Ordinal);

        // …and any change through the site, here another article, empties it: the next page is made anew.
        await site.AddArticleAsync("Another article", site.Clock.GetUtcNow().AddMinutes(-1), slug: "shell-another");
        var after = (await ReadAsync(reader, "/news/shell-edited")).Html;
        Assert.Contains("<h1>After the edit</h1>", after, StringComparison.Ordinal);
        Assert.DoesNotContain("<h1>Before the edit</h1>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderWithACart_SeesItsCount_OnAPageOthersGetFromTheShell()
    {
        await site.AddArticleAsync("Read while shopping", site.Clock.GetUtcNow().AddDays(-1), slug: "shell-cart");
        var browser = await site.SignedInClientAsync("shell-browser@example.org", null);
        var shopper = await site.SignedInClientAsync("shell-shopper@example.org", null);
        await ReadAsync(browser, "/news/shell-cart");
        using (await shopper.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        var page = await shopper.GetDocumentAsync("/news/shell-cart");
        Assert.Contains("Cart (1", page.QuerySelector("summary.site-menu-button")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Shopping Cart (1 item)", Regex.Replace(page.QuerySelector("nav[aria-label=Main] a[href='/cart']")!.TextContent, @"\s+", " ").Trim());
        Assert.Contains("shell-shopper@example.org", page.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);

        // And the next reader with an empty cart gets no count.
        Assert.DoesNotContain("Cart (", (await ReadAsync(browser, "/news/shell-cart")).Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ArticleKind.Article, true)]
    [InlineData(ArticleKind.Article, false)]
    [InlineData(ArticleKind.Page, true)]
    [InlineData(ArticleKind.Page, false)]
    public async Task AMembersOnlyText_GivesEachReaderTheirOwnVersion_WhoeverCameFirst(ArticleKind kind, bool memberFirst)
    {
        const string Secret = "Quillon";
        var slug = $"shell-circle-{kind}-{memberFirst}".ToLowerInvariant();
        var path = kind == ArticleKind.Page ? $"/{slug}" : $"/news/{slug}";
        await site.AddArticleAsync("Shell circle notes", site.Clock.GetUtcNow().AddDays(-1), slug: slug,
            body: $"The case {Secret} brought.", membersOnly: true, kind: kind);
        var account = await site.SignedInClientAsync($"shell-no-membership-{slug}@example.org", null);
        var (member, _, _, _) = await site.PaidMemberAsync($"shell-paid-{slug}@example.org");

        // Whichever comes first, the teaser must not be what the member gets, nor the other way, then or after.
        var (first, second) = memberFirst ? (member, account) : (account, member);
        await ReadAsync(first, path);
        await ReadAsync(second, path);
        var teaser = (await ReadAsync(account, path)).Html;
        var full = (await ReadAsync(member, path)).Html;
        Assert.DoesNotContain(Secret, teaser, StringComparison.Ordinal);
        Assert.Contains("Your account does not have a current membership.", teaser, StringComparison.Ordinal);
        Assert.Contains($"shell-no-membership-{slug}@example.org", AccountNav(teaser), StringComparison.Ordinal);
        Assert.Contains(Secret, full, StringComparison.Ordinal);
        Assert.Contains($"shell-paid-{slug}@example.org", AccountNav(full), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageThatCannotBeAShell_IsSentAsRendered_WithTheReadersOwnLinks_AndNeverKept()
    {
        var log = new LogCapture();
        await using var own = new TestSite
        {
            Settings = { ["Logging:LogLevel:AmericanBalintSociety.Web.Features.Shared.PageShells"] = "Debug" },
            TestServices = services =>
            {
                services.AddSingleton<ILoggerProvider>(log);
                services.AddControllersWithViews().AddApplicationPart(typeof(PageShellProbeController).Assembly);
            },
        };
        var readers = new[] { "fallback-ann@example.org", "fallback-bob@example.org" };
        var clients = new List<HttpClient>();
        foreach (var reader in readers)
        {
            clients.Add(await own.SignedInClientAsync(reader, null));
        }

        var tokens = new List<string>();
        foreach (var i in new[] { 0, 1, 0 })
        {
            // Not a 200: sent as rendered, with this reader's links.
            var missing = await ReadAnyAsync(clients[i], PageShellProbeController.NotFoundPath);
            Assert.Equal(HttpStatusCode.NotFound, missing.Status);
            Assert.Contains("<h1>Thank you</h1>", missing.Html, StringComparison.Ordinal);
            Assert.Contains($"Signed in as <strong>{readers[i]}</strong>", AccountNav(missing.Html), StringComparison.Ordinal);
            Assert.DoesNotContain(readers[1 - i], missing.Html, StringComparison.Ordinal);

            // A form: its antiforgery token is this reader's, so the page is rendered for each of them.
            var form = await ReadAnyAsync(clients[i], PageShellProbeController.FormPath);
            Assert.Equal(HttpStatusCode.OK, form.Status);
            Assert.Contains($"Signed in as <strong>{readers[i]}</strong>", AccountNav(form.Html), StringComparison.Ordinal);
            Assert.DoesNotContain(readers[1 - i], form.Html, StringComparison.Ordinal);
            tokens.Add(TokenPattern().Match(form.Html) is { Success: true } token ? token.Groups[1].Value : throw new InvalidOperationException("No antiforgery token in the form"));
        }

        Assert.NotEqual(tokens[0], tokens[1]); // Ann's token is not Bob's
        Assert.DoesNotContain(log.Entries, e => e.Message.StartsWith("Made the page shell", StringComparison.Ordinal));

        // The same view as a 200 is kept, once, and serves both readers.
        foreach (var i in new[] { 0, 1, 0 })
        {
            var kept = await ReadAnyAsync(clients[i], PageShellProbeController.OpenPath);
            Assert.Equal(HttpStatusCode.OK, kept.Status);
            Assert.Contains($"Signed in as <strong>{readers[i]}</strong>", AccountNav(kept.Html), StringComparison.Ordinal);
        }

        Assert.Single(log.Entries, e => e.Message.StartsWith($"Made the page shell of {PageShellProbeController.OpenPath}", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, string Html)> ReadAnyAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        var html = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.DoesNotContain("<!--account-links-", html, StringComparison.Ordinal);
        return (response.StatusCode, html);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<nav class=\"account-nav\" aria-label=\"Account\">.*?</nav>", RegexOptions.Singleline)]
    private static partial Regex AccountNavPattern();
}

/// <summary>
/// Pages through <see cref="PageShells"/> that no view of the site sends that way today (not a 200; a form), and one that is
/// kept, added to one test site only, so the shells' way out is tested before a view needs it.
/// </summary>
[Route("test/page-shells")]
public sealed class PageShellProbeController(PageShells shells) : Controller
{
    public const string NotFoundPath = "/test/page-shells/not-found";
    public const string FormPath = "/test/page-shells/form";
    public const string OpenPath = "/test/page-shells/open";
    private static readonly object Source = new();

    [HttpGet("not-found")]
    public IActionResult Missing()
    {
        var view = View("~/Features/Contact/Sent.cshtml");
        view.StatusCode = StatusCodes.Status404NotFound;
        return shells.Serve(Source, "missing", view);
    }

    [HttpGet("open")]
    public IActionResult Open() => shells.Serve(Source, "open", View("~/Features/Contact/Sent.cshtml"));

    [HttpGet("form")]
    public IActionResult Form() => shells.Serve(Source, "form", View("~/Features/MailingList/Confirm.cshtml", new ConfirmViewModel("probe", "probe@example.org")));
}
