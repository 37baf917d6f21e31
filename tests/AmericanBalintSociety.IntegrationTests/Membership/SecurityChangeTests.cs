using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// Changes to how an account signs in (address, password, second factor) ask for the password again, are mailed to the
/// owner with a "This wasn't me" link, and are audited; the link secures the account.
/// </summary>
public sealed class SecurityChangeTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task ChangingTheAddress_AsksForThePassword_ThenTellsTheOldAddress_WhoseLinkTakesTheAccountBack()
    {
        var intruder = await site.SignedInClientAsync("owner-a@example.org", role: null);
        var page = await intruder.GetDocumentAsync("/Identity/Account/Manage/Email");

        using var guessed = await intruder.SubmitAsync(page, "form#email-form", new Dictionary<string, string>
        {
            ["Input.NewEmail"] = "intruder@example.org",
            ["Input.CurrentPassword"] = "not the password at all",
        });
        var refused = await Html.ParseAsync(guessed);
        Assert.Equal(CurrentPassword.Wrong, refused.QuerySelector("[data-valmsg-for='Input.CurrentPassword']")!.TextContent);
        Assert.Equal("intruder@example.org", refused.QuerySelector("input[name='Input.NewEmail']")!.GetAttribute("value"));

        // With the password (say, read over a shoulder) the change goes through…
        using var asked = await intruder.SubmitAsync(page, "form#email-form", new Dictionary<string, string>
        {
            ["Input.NewEmail"] = "intruder@example.org",
            ["Input.CurrentPassword"] = Accounts.StrongPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var confirm = await site.Mail.WaitForAsync("intruder@example.org");
        await intruder.FollowAndConfirmAsync(Accounts.LinkIn(confirm, "ConfirmEmailChange"), "form#confirm-email-change");

        // …and the old address hears of it, with a way back.
        var notice = await WaitForSubjectAsync("owner-a@example.org", "Your email address was changed");
        Assert.Contains("intruder@example.org", notice.HtmlBody, StringComparison.Ordinal);
        var owner = site.CreateBrowserClient();
        var report = await owner.GetDocumentAsync(Accounts.LinkIn(notice, "/Identity/Account/NotMe"));
        Assert.Contains("owner-a@example.org", report.QuerySelector("main ul")!.TextContent, StringComparison.Ordinal);
        using var securedResponse = await owner.SubmitAsync(report, "form#secure-account", new Dictionary<string, string>());
        var secured = await Html.ParseAsync(securedResponse);
        Assert.Contains("Your account is secured", secured.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);

        var account = await site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "owner-a@example.org"));
        Assert.Null(account.PasswordHash);
        Assert.False(await site.WithDbAsync(db => db.SignInSessions.AnyAsync(s => s.UserId == account.Id)));
        using var kickedOut = await intruder.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, kickedOut.StatusCode);
        using var oldPassword = await site.CreateBrowserClient().SignInAsync("owner-a@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode); // the sign-in form again: the password no longer works
        var reset = await WaitForSubjectAsync("owner-a@example.org", "Your account is secured: choose a new password");
        Assert.Contains("/Identity/Account/ResetPassword?code=", Accounts.LinkIn(reset, "ResetPassword"), StringComparison.Ordinal);

        var actions = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == AccountSubjects.For(account.Id)).Select(e => e.Action).ToListAsync());
        Assert.Contains("account.email-change-asked", actions);
        Assert.Contains("account.email-changed", actions);
        Assert.Contains("account.secured-after-report", actions);
    }

    [Fact]
    public async Task ChangingThePassword_AsksForTheCurrentOne_SignsOutTheOtherBrowsers_AndTellsTheOwner()
    {
        var laptop = await site.SignedInClientAsync("owner-b@example.org", role: null);
        var phone = site.CreateBrowserClient();
        using (await phone.SignInAsync("owner-b@example.org", Accounts.StrongPassword))
        {
        }

        var page = await laptop.GetDocumentAsync("/Identity/Account/Manage/ChangePassword");
        using var wrong = await laptop.SubmitAsync(page, "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "a guess at the password",
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });
        Assert.Equal(CurrentPassword.Wrong, (await Html.ParseAsync(wrong)).QuerySelector("[data-valmsg-for='Input.OldPassword']")!.TextContent);

        using var changed = await laptop.SubmitAsync(page, "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Accounts.StrongPassword,
            ["Input.NewPassword"] = "a brand new passphrase",
            ["Input.ConfirmPassword"] = "a brand new passphrase",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var stillIn = await laptop.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        using var signedOut = await phone.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var notice = await WaitForSubjectAsync("owner-b@example.org", "Your password was changed");
        Assert.Contains("/Identity/Account/NotMe?code=", Accounts.LinkIn(notice, "NotMe"), StringComparison.Ordinal);
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "account.password-changed" && e.Actor == "owner-b@example.org")));
    }

    [Fact]
    public async Task TurningOffTwoFactor_AndResettingTheApp_AskForThePassword_AndTellTheOwner()
    {
        await site.RegisterAndConfirmAsync("owner-c@example.org");
        var key = await site.EnableTwoFactorAsync("owner-c@example.org");
        var member = site.CreateBrowserClient();
        using (await member.SignInWithTwoFactorAsync("owner-c@example.org", Accounts.StrongPassword, key))
        {
        }

        var reset = await member.GetDocumentAsync("/Identity/Account/Manage/ResetAuthenticator");
        using var resetWithout = await member.SubmitAsync(reset, "form#reset-authenticator-form", new Dictionary<string, string> { ["Input.CurrentPassword"] = "" });
        Assert.Equal("Enter your current password.", (await Html.ParseAsync(resetWithout)).QuerySelector("[data-valmsg-for='Input.CurrentPassword']")!.TextContent);
        using var resetDone = await member.SubmitAsync(reset, "form#reset-authenticator-form", new Dictionary<string, string> { ["Input.CurrentPassword"] = Accounts.StrongPassword });
        Assert.Equal(HttpStatusCode.Redirect, resetDone.StatusCode);
        await WaitForSubjectAsync("owner-c@example.org", "Your authenticator app was reset");

        await site.EnableTwoFactorAsync("owner-c@example.org");
        var off = await member.GetDocumentAsync("/Identity/Account/Manage/Disable2fa");
        using var offWrong = await member.SubmitAsync(off, "form#disable-2fa", new Dictionary<string, string> { ["Input.CurrentPassword"] = "wrong wrong wrong" });
        Assert.Equal(CurrentPassword.Wrong, (await Html.ParseAsync(offWrong)).QuerySelector("[data-valmsg-for='Input.CurrentPassword']")!.TextContent);
        Assert.True(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "owner-c@example.org").Select(u => u.TwoFactorEnabled).SingleAsync()));
        using var offDone = await member.SubmitAsync(off, "form#disable-2fa", new Dictionary<string, string> { ["Input.CurrentPassword"] = Accounts.StrongPassword });
        Assert.Equal(HttpStatusCode.Redirect, offDone.StatusCode);
        await WaitForSubjectAsync("owner-c@example.org", "Two-factor authentication was turned off");

        var actions = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Actor == "owner-c@example.org").Select(e => e.Action).ToListAsync());
        Assert.Contains("account.authenticator-reset", actions);
        Assert.Contains("account.two-factor-disabled", actions);
    }

    [Fact]
    public async Task AForgedOrMangledNotMeLink_SecuresNothing()
    {
        var client = site.CreateBrowserClient();

        var page = await client.GetDocumentAsync("/Identity/Account/NotMe?code=CfDJ8-forged");

        Assert.Contains(AccountLockdown.BrokenLink, page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("form#secure-account"));
    }

    [Fact]
    public async Task AResetThroughTheMailedLink_SignsOutEveryBrowserAtOnce()
    {
        var stolen = await site.SignedInClientAsync("owner-d@example.org", role: null);
        var owner = site.CreateBrowserClient();
        var form = await owner.GetDocumentAsync("/Identity/Account/ForgotPassword");
        using var asked = await owner.SubmitAsync(form, "form#forgot-password", new Dictionary<string, string> { ["Input.Email"] = "owner-d@example.org" });
        var mail = await WaitForSubjectAsync("owner-d@example.org", "Choose a new password");
        var reset = await owner.GetDocumentAsync(Accounts.LinkIn(mail, "ResetPassword"));
        using var done = await owner.SubmitAsync(reset, "form#reset-password", new Dictionary<string, string>
        {
            ["Input.Email"] = "owner-d@example.org",
            ["Input.Password"] = "the owner's new passphrase",
            ["Input.ConfirmPassword"] = "the owner's new passphrase",
        });
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        using var after = await stolen.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Theory]
    [InlineData("password change")]
    [InlineData("this wasn't me")]
    public async Task EndedSessions_AreAnnounced_OnlyOnceTheyAreGoneForEveryoneElse(string endedBy)
    {
        var email = $"owner-{(endedBy == "password change" ? "e" : "f")}@example.org";
        var laptop = await site.SignedInClientAsync(email, role: null);
        var phone = site.CreateBrowserClient();
        using (await phone.SignInAsync(email, Accounts.StrongPassword))
        {
        }

        using (var phoneBefore = await phone.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, phoneBefore.StatusCode); // its session is now read, and kept in memory
        }

        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        Assert.Equal(2, await site.WithDbAsync(db => db.SignInSessions.CountAsync(s => s.UserId == userId)));
        var page = await laptop.GetDocumentAsync("/Identity/Account/Manage/ChangePassword");

        // What another instance does when told sessions ended: read this account's sessions again, from the database.
        var counted = new System.Collections.Concurrent.ConcurrentQueue<int>();
        using (site.Services.GetRequiredService<SiteChanges>().Subscribe(SignInSessionStore.Topic, async () =>
            counted.Enqueue(await site.WithDbAsync(db => db.SignInSessions.CountAsync(s => s.UserId == userId)))))
        {
            using var changed = await laptop.SubmitAsync(page, "form#change-password-form", new Dictionary<string, string>
            {
                ["Input.OldPassword"] = Accounts.StrongPassword,
                ["Input.NewPassword"] = "a brand new passphrase",
                ["Input.ConfirmPassword"] = "a brand new passphrase",
            });
            Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

            // The phone's session ended: never told while it was still there. (The laptop's renewed ticket is announced on the
            // same topic after the commit, so this case shows the announcement is not early; that it is made at all, the
            // second case shows, where nothing else is announced.)
            Assert.NotEmpty(counted);
            Assert.All(counted, count => Assert.Equal(1, count));

            if (endedBy == "this wasn't me")
            {
                counted.Clear();
                var notice = await WaitForSubjectAsync(email, "Your password was changed");
                var owner = site.CreateBrowserClient();
                var report = await owner.GetDocumentAsync(Accounts.LinkIn(notice, "/Identity/Account/NotMe"));
                using var secured = await owner.SubmitAsync(report, "form#secure-account", new Dictionary<string, string>());
                Assert.Equal(HttpStatusCode.OK, secured.StatusCode);
                Assert.NotEmpty(counted);
                Assert.All(counted, count => Assert.Equal(0, count)); // then the laptop's, once it was gone
            }
        }

        using var phoneAfter = await phone.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, phoneAfter.StatusCode);
    }

    private async Task<MimeKit.MimeMessage> WaitForSubjectAsync(string to, string subject)
    {
        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To(to).Any(m => m.Subject == subject)), TimeSpan.FromSeconds(10), $"no \"{subject}\" mail to {to}");
        return site.Mail.To(to).Last(m => m.Subject == subject);
    }
}
