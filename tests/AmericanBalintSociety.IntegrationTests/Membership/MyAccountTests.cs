using System.Net;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>"My account": profile, email and password changes, two-factor authentication, my data, deleting the account.</summary>
public sealed class MyAccountTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task Profile_IsSavedAndShown_AndBadInputComesBackWithMessagesAndNothingLost()
    {
        var client = await site.SignedInClientAsync("profile@example.org", role: null);
        var page = await client.GetDocumentAsync("/Identity/Account/Manage");
        Assert.Equal("Profile", page.QuerySelector("main h3")!.TextContent);

        using var bad = await client.SubmitAsync(page, "form#profile-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "",
            ["Input.ProfessionalRole"] = "Astronaut",
            ["Input.Organization"] = "Bay Clinic",
            ["Input.City"] = "Oakland",
            ["Input.State"] = "CA",
        });
        var again = await Html.ParseAsync(bad);
        Assert.Equal("Enter your name.", again.QuerySelector("#Input_Name-error")!.TextContent);
        Assert.Contains("Choose one of the professional roles", again.QuerySelector("#Input_ProfessionalRole-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bay Clinic", again.QuerySelector("#Input_Organization")!.GetAttribute("value"));

        using var good = await client.SubmitAsync(again, "form#profile-form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Dr. Pat Rivera",
            ["Input.ProfessionalRole"] = "Psychologist",
            ["Input.Organization"] = "Bay Clinic",
            ["Input.City"] = "Oakland",
            ["Input.State"] = "CA",
        });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var saved = await client.GetDocumentAsync(good.Headers.Location!.OriginalString);
        Assert.Equal("Your profile has been saved.", saved.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Dr. Pat Rivera", saved.QuerySelector("#Input_Name")!.GetAttribute("value"));
        Assert.Equal("Psychologist", saved.QuerySelector("#Input_ProfessionalRole option[selected]")!.TextContent);
        var user = await site.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "profile@example.org"));
        Assert.Equal(("Dr. Pat Rivera", "Psychologist", "Bay Clinic", "Oakland", "CA"), (user.DisplayName, user.ProfessionalRole, user.Organization, user.City, user.State));
    }

    [Fact]
    public async Task MyAccountPages_AskAnonymousVisitorsToSignIn()
    {
        using var response = await site.CreateBrowserClient().GetAsync("/Identity/Account/Manage");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeEmail_IsConfirmedAtTheNewAddress_ThenSignInUsesIt()
    {
        var client = await site.SignedInClientAsync("before@example.org", role: null);
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/Email");
        using var asked = await client.SubmitAsync(page, "form#email-form", new Dictionary<string, string>
        {
            ["Input.NewEmail"] = "after@example.org",
            ["Input.CurrentPassword"] = Accounts.StrongPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        Assert.Equal("before@example.org", await site.WithDbAsync(db => db.Users.Where(u => u.Email!.StartsWith("before")).Select(u => u.Email).SingleAsync()));

        var mail = await site.Mail.WaitForAsync("after@example.org");
        var done = await client.FollowAndConfirmAsync(Accounts.LinkIn(mail, "ConfirmEmailChange"), "form#confirm-email-change");

        Assert.Equal("Your email address has changed", done.QuerySelector("h1")!.TextContent);
        using var signIn = await site.CreateBrowserClient().SignInAsync("after@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(await site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "before@example.org")));
    }

    [Fact]
    public async Task ChangePassword_AppliesThePasswordRules_AndStaffNeed12Characters()
    {
        var member = await site.SignedInClientAsync("changer@example.org", role: null);
        var page = await member.GetDocumentAsync("/Identity/Account/Manage/ChangePassword");
        using var common = await member.SubmitAsync(page, "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Accounts.StrongPassword,
            ["Input.NewPassword"] = "sunshine",
            ["Input.ConfirmPassword"] = "sunshine",
        });
        Assert.Contains("too common", (await Html.ParseAsync(common)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        using var fine = await member.SubmitAsync(page, "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Accounts.StrongPassword,
            ["Input.NewPassword"] = "ten chars!",
            ["Input.ConfirmPassword"] = "ten chars!",
        });
        Assert.Equal(HttpStatusCode.Redirect, fine.StatusCode);

        var editor = await site.SignedInClientAsync("short-staff@example.org", Roles.Editor);
        var staffPage = await editor.GetDocumentAsync("/Identity/Account/Manage/ChangePassword");
        using var tooShort = await editor.SubmitAsync(staffPage, "form#change-password-form", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Accounts.StrongPassword,
            ["Input.NewPassword"] = "ten chars!",
            ["Input.ConfirmPassword"] = "ten chars!",
        });
        Assert.Contains("Staff passwords must be at least 12 characters", (await Html.ParseAsync(tooShort)).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoFactor_SetUpWithTheAppCode_ThenSignInAsksForACode_AndARecoveryCodeWorksOnce()
    {
        await site.AddMemberAsync("careful@example.org");
        var client = site.CreateBrowserClient();
        using var first = await client.SignInAsync("careful@example.org", Accounts.StrongPassword);

        var setup = await client.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        var key = setup.QuerySelector(".shared-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.NotNull(setup.QuerySelector(".qr-code svg"));
        using var wrongCode = await client.SubmitAsync(setup, "form#send-code", new Dictionary<string, string> { ["Input.Code"] = "000000" });
        Assert.Contains("That code is not right", (await Html.ParseAsync(wrongCode)).QuerySelector("#Input_Code-error")!.TextContent, StringComparison.Ordinal);
        using var enabled = await client.SubmitAsync(setup, "form#send-code", new Dictionary<string, string> { ["Input.Code"] = Accounts.AuthenticatorCode(key) });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);
        var codesPage = await client.GetDocumentAsync(enabled.Headers.Location!.OriginalString);
        var recoveryCodes = codesPage.QuerySelectorAll("code").Select(c => c.TextContent.Trim()).Where(c => c.Length > 0).ToList();
        Assert.Equal(10, recoveryCodes.Count);
        Assert.True(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "careful@example.org").Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Equal("Two-factor authentication is on", (await site.Mail.WaitForAsync("careful@example.org")).Subject);

        // The key is never shown again: asking to set up an app now leads to making a new key.
        using var again = await client.GetAsync(new Uri("/Identity/Account/Manage/EnableAuthenticator", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("ResetAuthenticator", again.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // A new device: the password alone is not enough.
        var other = site.CreateBrowserClient();
        using var withCode = await other.SignInWithTwoFactorAsync("careful@example.org", Accounts.StrongPassword, key);
        Assert.Equal(HttpStatusCode.Redirect, withCode.StatusCode);
        Assert.Contains("Sign out", (await other.GetDocumentAsync("/")).QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);

        async Task<HttpResponseMessage> RecoverAsync(HttpClient device)
        {
            using var password = await device.SignInAsync("careful@example.org", Accounts.StrongPassword);
            var page = await device.GetDocumentAsync("/Identity/Account/LoginWithRecoveryCode");
            return await device.SubmitAsync(page, "main form", new Dictionary<string, string> { ["Input.RecoveryCode"] = recoveryCodes[0] });
        }

        using var recovered = await RecoverAsync(site.CreateBrowserClient());
        Assert.Equal(HttpStatusCode.Redirect, recovered.StatusCode);
        using var reused = await RecoverAsync(site.CreateBrowserClient());
        Assert.Equal(HttpStatusCode.OK, reused.StatusCode); // the page again, with an error
    }

    [Fact]
    public async Task DownloadMyData_IsJsonWithTheProfileActivityAndMail_AndNoSecrets()
    {
        var client = await site.SignedInClientAsync("downloader@example.org", role: null);
        await site.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Email == "downloader@example.org");
            user.DisplayName = "Dana Downloader";
            user.Organization = "Valley Hospital";
            await db.SaveChangesAsync();
        });
        using var wrong = await site.CreateBrowserClient().SignInAsync("downloader@example.org", "not my password");
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/PersonalData");

        using var download = await client.SubmitAsync(page, "form#download-data", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/json", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("no-store", download.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var text = await download.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        var account = json.RootElement.GetProperty("account");
        Assert.Equal("downloader@example.org", account.GetProperty("email").GetString());
        Assert.Equal("Dana Downloader", account.GetProperty("name").GetString());
        Assert.Equal("Valley Hospital", account.GetProperty("organization").GetString());
        Assert.Equal(1, account.GetProperty("signedInBrowsers").GetArrayLength()); // the browser that asked
        var actions = json.RootElement.GetProperty("activity").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Contains("account.signed-in", actions);
        Assert.Contains("account.sign-in-failed", actions);
        Assert.True(json.RootElement.TryGetProperty("mail", out _));
        Assert.DoesNotContain("PasswordHash", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SecurityStamp", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AuthenticatorKey", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DeleteMyAccount_AsksForThePassword_ThenErasesTheAccountItsMailAndItsNameInTheLog()
    {
        await site.RegisterAndConfirmAsync("leaving@example.org", name: "Lee Leaving");
        var client = site.CreateBrowserClient();
        using var signIn = await client.SignInAsync("leaving@example.org", Accounts.StrongPassword);
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "leaving@example.org").Select(u => u.Id).SingleAsync());
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");

        using var wrong = await client.SubmitAsync(page, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = "not it at all" });
        Assert.Equal("That is not your password.", (await Html.ParseAsync(wrong)).QuerySelector("#Input_Password-error")!.TextContent);
        Assert.True(await site.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));

        using var deleted = await client.SubmitAsync(page, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword });

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        var after = await client.GetDocumentAsync(deleted.Headers.Location!.OriginalString);
        Assert.Equal("Your account has been deleted", after.QuerySelector("h1")!.TextContent);
        Assert.Contains("Sign in", after.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
        Assert.False(await site.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));
        Assert.False(await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "leaving@example.org")));
        Assert.False(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Actor == "leaving@example.org")));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Subject == $"user:{userId}" && e.Action == "account.deleted")));
        using var again = await site.CreateBrowserClient().SignInAsync("leaving@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task TheOnlyAdmin_CannotDeleteTheirAccount()
    {
        await using var lone = new TestSite();
        var client = await lone.SignedInClientAsync("only-admin@example.org", Roles.Admin);
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");

        using var refused = await client.SubmitAsync(page, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("only Admin", (await Html.ParseAsync(refused)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.True(await lone.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "only-admin@example.org")));
    }
}
