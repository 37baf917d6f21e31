using AmericanBalintSociety.IntegrationTests.News;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>What a first visitor and new staff tripped over in the wording and the staff pages (issue 15).</summary>
public sealed class NewcomerWordingTests(NewsSite site) : IClassFixture<NewsSite>
{
    [Fact]
    public async Task ListAndAccountMail_NameTheSocietyOnce_NeverTheThe()
    {
        var visitor = site.CreateBrowserClient();
        var confirmation = await site.SubscribeAsync(visitor, "wording-list@example.org");
        await site.RegisterAndConfirmAsync("wording-account@example.org");

        var mails = site.Mail.All().Where(m => m.To.Mailboxes.Any(a => a.Address.StartsWith("wording-", StringComparison.Ordinal))).ToList();
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.DoesNotContain("the The ", m.TextBody ?? "", StringComparison.Ordinal));
        Assert.Contains(mails, m => (m.TextBody ?? "").Contains("the American Balint Society's mailing list", StringComparison.Ordinal));
        Assert.Contains("the American Balint Society's mailing list", confirmation.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePublicPasswordHint_GivesTheMembersRule_AndAStaffMemberSeesTheirs()
    {
        var register = await site.CreateBrowserClient().GetDocumentAsync("/Identity/Account/Register");
        Assert.StartsWith("At least 8 characters.", register.QuerySelector("#password-hint")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("staff", register.QuerySelector("#password-hint")!.TextContent, StringComparison.OrdinalIgnoreCase);

        var editor = await site.SignedInClientAsync("hint-editor@example.org", Roles.Editor);
        var change = await editor.GetDocumentAsync("/Identity/Account/Manage/ChangePassword");
        Assert.StartsWith("At least 12 characters.", change.QuerySelector("#password-hint")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/news", "News")]
    [InlineData("/admin/newsletters", "Newsletters")]
    [InlineData("/admin/pages/new", "Pages")]
    [InlineData("/admin", "Dashboard")]
    public async Task TheStaffMenu_MarksExactlyOneSectionAsCurrent(string path, string current)
    {
        var admin = await site.SignedInClientAsync($"nav-{current.ToLowerInvariant()}@example.org", Roles.Admin);

        var page = await admin.GetDocumentAsync(path);

        Assert.Equal([current], page.QuerySelectorAll("nav.admin-nav a[aria-current=page]").Select(a => a.TextContent));
    }

    [Fact]
    public async Task TheEditorsPublicationTime_IsToTheMinute()
    {
        var id = await site.AddArticleAsync("Timed to the second", site.Clock.GetUtcNow().AddDays(3).AddSeconds(17).AddMilliseconds(345), slug: "timed");
        var editor = await site.SignedInClientAsync("minutes@example.org", Roles.Editor);

        var page = await editor.GetDocumentAsync($"/admin/news/{id}");

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$", page.QuerySelector<IHtmlInputElement>("#Form_PublishAt")!.Value);
    }

    [Fact]
    public async Task TheSecondSignInStep_SaysSignIn_AndAWrongCodeIsExplainedByTheField()
    {
        await site.RegisterAndConfirmAsync("second-step@example.org");
        await site.EnableTwoFactorAsync("second-step@example.org");
        var client = site.CreateBrowserClient();
        using var first = await client.SignInAsync("second-step@example.org", Accounts.StrongPassword);

        var page = await client.GetDocumentAsync(first.Headers.Location!.OriginalString);
        Assert.Equal("Your authenticator code", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal("Sign in", page.QuerySelector("main form button[type=submit]")!.TextContent.Trim());
        Assert.DoesNotContain("Log in", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        using var wrong = await client.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" });
        var again = await Html.ParseAsync(wrong);
        Assert.StartsWith("That code did not work.", again.QuerySelector("#Input_TwoFactorCode-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", again.QuerySelector("#Input_TwoFactorCode")!.GetAttribute("aria-invalid"));
    }

    [Fact]
    public async Task TheAuditLogAndDashboard_SayWhatHappenedInWords_AndNameMembersNotIds()
    {
        await site.RegisterAndConfirmAsync("audited-member@example.org", name: "Avery Audited");
        var userId = await site.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(
            db.Users.Where(u => u.Email == "audited-member@example.org").Select(u => u.Id)));
        var member = site.CreateBrowserClient();
        using var signIn = await member.SignInAsync("audited-member@example.org", Accounts.StrongPassword);
        var admin = await site.SignedInClientAsync("words-admin@example.org", Roles.Admin);

        var log = await admin.GetDocumentAsync("/admin/audit?subject=" + Uri.EscapeDataString($"user:{userId}"));
        var text = log.QuerySelector("main")!.TextContent;
        Assert.Contains("Showing changes to Avery Audited (audited-member@example.org)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(userId, log.QuerySelector("main table")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(log.QuerySelectorAll("tbody td:nth-child(3)"), td => td.TextContent == "Account: signed in");

        var dashboard = await admin.GetDocumentAsync("/admin");
        var activity = dashboard.QuerySelector("#activity-heading")!.ParentElement!.TextContent;
        Assert.DoesNotContain("account.signed-in", activity, StringComparison.Ordinal);
        Assert.DoesNotContain("user:", activity, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSubscribersConsentColumn_ShowsTheDate_AndTheStatementApart()
    {
        await site.SubscribeAsync(site.CreateBrowserClient(), "consent-column@example.org");
        var admin = await site.SignedInClientAsync("consent-admin@example.org", Roles.Admin);

        var page = await admin.GetDocumentAsync("/admin/subscribers?q=consent-column");

        var cell = page.QuerySelectorAll("tbody tr td")[4];
        Assert.Matches(@"^[A-Z][a-z]+ \d{1,2}, \d{4}$", cell.QuerySelector("span")!.TextContent);
        Assert.StartsWith("statement of ", cell.QuerySelector(".hint")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHeader_SaysWhoIsSignedIn_ByNameOrElseByAddress()
    {
        await site.RegisterAndConfirmAsync("named-member@example.org", name: "Nora Named");
        var named = site.CreateBrowserClient();
        using var signIn = await named.SignInAsync("named-member@example.org", Accounts.StrongPassword);
        var unnamed = await site.SignedInClientAsync("unnamed-member@example.org", role: null);

        var withName = await named.GetDocumentAsync("/news");
        var withoutName = await unnamed.GetDocumentAsync("/news");

        Assert.Equal("Signed in as Nora Named", withName.QuerySelector("nav[aria-label=Account] .account-who")!.TextContent);
        Assert.Equal("Signed in as unnamed-member@example.org", withoutName.QuerySelector("nav[aria-label=Account] .account-who")!.TextContent);
        Assert.Null((await site.CreateBrowserClient().GetDocumentAsync("/news")).QuerySelector(".account-who"));
    }
}
