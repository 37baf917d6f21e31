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
}
