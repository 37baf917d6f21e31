using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Areas.Identity.Pages.Account;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>Registration, confirmation, sign-in, lockout and the password rules, through the pages and the mail.</summary>
public sealed class AccountTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task Register_MailsAConfirmationLink_AndTheAccountCannotSignInUntilItIsConfirmed()
    {
        var client = site.CreateBrowserClient();
        using var registered = await client.RegisterAsync("Ada Member", "ada@example.org", "correct horse battery");
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var inbox = await client.GetDocumentAsync(registered.Headers.Location!.OriginalString);
        Assert.Equal("Check your inbox", inbox.QuerySelector("h1")!.TextContent);

        var user = await site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "ada@example.org"));
        Assert.False(user.EmailConfirmed);
        Assert.Equal("Ada Member", user.DisplayName);

        // Not confirmed yet: the same answer as a wrong password.
        using var early = await client.SignInAsync("ada@example.org", "correct horse battery");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode);
        Assert.Contains(LoginModel.FailureMessage, (await Html.ParseAsync(early)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        var mail = await site.Mail.WaitForAsync("ada@example.org");
        Assert.Equal("Confirm your email address", mail.Subject);
        Assert.Contains("Dear Ada Member", mail.TextBody, StringComparison.Ordinal);
        var link = Accounts.LinkIn(mail, "/Identity/Account/ConfirmEmail");

        // Opening the link (as a mail scanner would) changes nothing; the button does.
        var page = await client.GetDocumentAsync(link);
        Assert.False(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "ada@example.org").Select(u => u.EmailConfirmed).SingleAsync()));
        using var confirmed = await client.SubmitAsync(page, "form#confirm-email", new Dictionary<string, string>());
        Assert.Equal("Your email address is confirmed", (await Html.ParseAsync(confirmed)).QuerySelector("h1")!.TextContent);
        Assert.True(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "ada@example.org").Select(u => u.EmailConfirmed).SingleAsync()));

        using var signIn = await client.SignInAsync("ada@example.org", "correct horse battery");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var home = await client.GetDocumentAsync("/");
        Assert.Contains("Sign out", home.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.ActorId == user.Id && e.Action == "account.signed-in")));
        Assert.NotNull(await site.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).Select(u => u.LastSignInAt).SingleAsync()));
    }

    [Fact]
    public async Task AConfirmationLinkThatWasTamperedWith_ShowsAPageOfferingANewOne()
    {
        await site.RegisterAndConfirmAsync("tamper@example.org");
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "tamper@example.org").Select(u => u.Id).SingleAsync());
        var client = site.CreateBrowserClient();

        var page = await client.FollowAndConfirmAsync($"/Identity/Account/ConfirmEmail?userId={userId}&code=bm90LWEtdG9rZW4", "form#confirm-email");

        // Already confirmed accounts simply say so; an unknown account gets the "does not work" page.
        Assert.Equal("Your email address is confirmed", page.QuerySelector("h1")!.TextContent);
        var unknown = await client.FollowAndConfirmAsync("/Identity/Account/ConfirmEmail?userId=nobody&code=bm90LWEtdG9rZW4", "form#confirm-email");
        Assert.Equal("This link does not work any more", unknown.QuerySelector("h1")!.TextContent);
        Assert.NotNull(unknown.QuerySelector("a[href*='ResendEmailConfirmation']"));
    }

    [Fact]
    public async Task RegisteringAnAddressThatHasAnAccount_AnswersTheSame_AndMailsTheOwnerInstead()
    {
        await site.AddMemberAsync("taken@example.org");
        var client = site.CreateBrowserClient();

        using var again = await client.RegisterAsync("Someone Else", "taken@example.org", "another good password");
        using var fresh = await client.RegisterAsync("Someone New", "untaken@example.org", "another good password");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(fresh.Headers.Location, again.Headers.Location);
        Assert.Equal(1, await site.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "taken@example.org")));
        var mail = await site.Mail.WaitForAsync("taken@example.org");
        Assert.Equal("You already have an account", mail.Subject);
        Assert.Contains("/Identity/Account/ForgotPassword", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short1", "between 8 and 128 characters")]
    [InlineData("baseball", "too common")]
    [InlineData("Password1", "too common")]
    [InlineData("rules@example.org", "too common")]
    public async Task Register_RefusesWeakPasswords_WithTheReasonNextToTheField_AndKeepsWhatWasTyped(string password, string reason)
    {
        var client = site.CreateBrowserClient();

        using var response = await client.RegisterAsync("Rule Tester", "rules@example.org", password);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var error = page.QuerySelector("#Input_Password-error")!;
        Assert.Contains(reason, error.TextContent, StringComparison.Ordinal);
        var field = page.QuerySelector("#Input_Password")!;
        Assert.Equal("true", field.GetAttribute("aria-invalid"));
        Assert.Contains("Input_Password-error", field.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Rule Tester", page.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("rules@example.org", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.False(await site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "rules@example.org")));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccountFor15Minutes_TheOwnerIsMailed_AndTheAnswerNeverChanges()
    {
        await site.AddMemberAsync("guessed@example.org");
        var client = site.CreateBrowserClient();
        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await client.SignInAsync("guessed@example.org", $"wrong password {i}");
            answers.Add(ErrorOf(await Html.ParseAsync(wrong)));
        }

        using var right = await client.SignInAsync("guessed@example.org", Accounts.StrongPassword);
        answers.Add(ErrorOf(await Html.ParseAsync(right)));
        using var unknown = await client.SignInAsync("nobody-here@example.org", Accounts.StrongPassword);
        answers.Add(ErrorOf(await Html.ParseAsync(unknown)));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode); // the right password no longer works
        Assert.All(answers, a => Assert.Equal(LoginModel.FailureMessage, a));
        var user = await site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "guessed@example.org"));
        Assert.InRange(user.LockoutEnd!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        var mail = await site.Mail.WaitForAsync("guessed@example.org");
        Assert.Equal("Your account was locked for a while", mail.Subject);
        var actions = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.ActorId == user.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal(5, actions.Count(a => a == "account.sign-in-failed")); // 4 wrong ones, then the right one refused
        Assert.Single(actions, a => a == "account.locked-out");
    }

    [Fact]
    public async Task ForgotPassword_AnswersTheSameForKnownAndUnknownAddresses_AndTheMailedLinkSetsANewPassword()
    {
        await site.AddMemberAsync("forgetful@example.org");
        var client = site.CreateBrowserClient();

        async Task<HttpResponseMessage> AskAsync(string email)
        {
            var form = await client.GetDocumentAsync("/Identity/Account/ForgotPassword");
            return await client.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Email"] = email });
        }

        using var known = await AskAsync("forgetful@example.org");
        using var unknown = await AskAsync("stranger@example.org");
        Assert.Equal(HttpStatusCode.Redirect, known.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);
        var answer = await client.GetDocumentAsync(known.Headers.Location!.OriginalString);
        Assert.Equal("Check your inbox", answer.QuerySelector("h1")!.TextContent);
        Assert.Contains("If an account has that address", answer.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var mail = await site.Mail.WaitForAsync("forgetful@example.org");
        Assert.Empty(site.Mail.To("stranger@example.org"));
        var reset = await client.GetDocumentAsync(Accounts.LinkIn(mail, "ResetPassword"));
        using var done = await client.SubmitAsync(reset, "main form", new Dictionary<string, string>
        {
            ["Input.Email"] = "forgetful@example.org",
            ["Input.Password"] = "my brand new passphrase",
            ["Input.ConfirmPassword"] = "my brand new passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var changed = await client.GetDocumentAsync(done.Headers.Location!.OriginalString);
        Assert.Equal("Your password has been changed", changed.QuerySelector("h1")!.TextContent);
        Assert.Equal("/Identity/Account/Login", changed.QuerySelector("main a.button")!.GetAttribute("href"));

        using var signIn = await site.CreateBrowserClient().SignInAsync("forgetful@example.org", "my brand new passphrase");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task AnUnconfirmedAccount_CanResetItsPassword_WhichConfirmsIt_SoNobodyCanSquatAnAddress()
    {
        var squatter = site.CreateBrowserClient();
        using var squatted = await squatter.RegisterAsync("Not The Owner", "owner@example.org", "the squatter's password");
        await site.Mail.WaitForAsync("owner@example.org");

        var owner = site.CreateBrowserClient();
        var form = await owner.GetDocumentAsync("/Identity/Account/ForgotPassword");
        using var asked = await owner.SubmitAsync(form, "form#forgot-password", new Dictionary<string, string> { ["Input.Email"] = "owner@example.org" });
        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To("owner@example.org").Any(m => m.Subject == "Choose a new password")),
            TimeSpan.FromSeconds(10), "no reset mail");
        var reset = await owner.GetDocumentAsync(Accounts.LinkIn(site.Mail.To("owner@example.org").Last(m => m.Subject == "Choose a new password"), "ResetPassword"));
        using var done = await owner.SubmitAsync(reset, "form#reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = "owner@example.org",
            ["Input.Password"] = "the real owner's passphrase",
            ["Input.ConfirmPassword"] = "the real owner's passphrase",
        });

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        using var ownerIn = await site.CreateBrowserClient().SignInAsync("owner@example.org", "the real owner's passphrase");
        using var squatterOut = await site.CreateBrowserClient().SignInAsync("owner@example.org", "the squatter's password");
        Assert.Equal(HttpStatusCode.Redirect, ownerIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, squatterOut.StatusCode);
    }

    [Fact]
    public async Task ResetPassword_AnswersAnUnknownAddressLikeABadLink()
    {
        await site.AddMemberAsync("reset-known@example.org");
        var client = site.CreateBrowserClient();

        async Task<AngleSharp.Dom.IDocument> TryAsync(string email)
        {
            var page = await client.GetDocumentAsync("/Identity/Account/ResetPassword?code=bm90LWEtdG9rZW4");
            using var response = await client.SubmitAsync(page, "form#reset-password", new Dictionary<string, string>
            {
                ["Input.Email"] = email,
                ["Input.Password"] = "another fine passphrase",
                ["Input.ConfirmPassword"] = "another fine passphrase",
            });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await Html.ParseAsync(response);
        }

        var known = await TryAsync("reset-known@example.org");
        var unknown = await TryAsync("reset-unknown@example.org");

        Assert.Equal(unknown.QuerySelector("[role=alert]")!.TextContent, known.QuerySelector("[role=alert]")!.TextContent);
        Assert.Contains("This link does not work", known.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResendConfirmation_AnswersTheSameForAnyAddress_AndMailsOnlyAnUnconfirmedAccount()
    {
        var client = site.CreateBrowserClient();
        using var _ = await client.RegisterAsync("Slow Reader", "slow@example.org", "slow but steady reader");
        await site.Mail.WaitForAsync("slow@example.org");

        async Task<string> AskAsync(string email)
        {
            var form = await client.GetDocumentAsync("/Identity/Account/ResendEmailConfirmation");
            using var response = await client.SubmitAsync(form, "main form", new Dictionary<string, string> { ["Input.Email"] = email });
            return (await Html.ParseAsync(response)).QuerySelector("main")!.TextContent;
        }

        var known = await AskAsync("slow@example.org");
        var unknown = await AskAsync("nobody-at-all@example.org");

        Assert.Equal(unknown, known);
        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To("slow@example.org").Count == 2), TimeSpan.FromSeconds(10), "no second mail");
        var link = Accounts.LinkIn(site.Mail.To("slow@example.org")[^1], "ConfirmEmail");
        var page = await client.FollowAndConfirmAsync(link, "form#confirm-email");
        Assert.Equal("Your email address is confirmed", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task SignInAndSignOut_AreLoggedInTheAuditLog_WithoutThePassword()
    {
        await site.AddMemberAsync("audited@example.org");
        using var wrong = await site.CreateBrowserClient().SignInAsync("audited@example.org", "a secret wrong guess");

        var entries = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Actor == "audited@example.org").ToListAsync());

        var failed = Assert.Single(entries, e => e.Action == "account.sign-in-failed");
        Assert.Equal("wrong password", failed.Details);
        Assert.DoesNotContain(entries, e => (e.Details ?? "").Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RegistrationAndResetPosts_AreRateLimitedPerAddress()
    {
        await using var limited = new TestSite { Settings = { ["RateLimiting:FormPostsPerMinute"] = "2" } };
        var client = limited.CreateBrowserClient();

        using var first = await client.RegisterAsync("Bot One", "bot1@example.org", "a bot's long password");
        using var second = await client.RegisterAsync("Bot Two", "bot2@example.org", "a bot's long password");
        using var third = await client.RegisterAsync("Bot Three", "bot3@example.org", "a bot's long password");
        var reset = await client.GetDocumentAsync("/Identity/Account/ForgotPassword");
        using var fourth = await client.SubmitAsync(reset, "main form", new Dictionary<string, string> { ["Input.Email"] = "bot1@example.org" });

        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.False(await limited.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "bot3@example.org")));
    }

    private static string ErrorOf(AngleSharp.Dom.IDocument page) =>
        page.QuerySelector(".validation-summary-errors li")?.TextContent.Trim() ?? "(no error shown)";
}
