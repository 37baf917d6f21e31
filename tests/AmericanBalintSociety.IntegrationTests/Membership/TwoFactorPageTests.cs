using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// The two-factor page and the recovery codes page (the site's own), and the pages of Identity's default UI that the
/// site no longer serves.
/// </summary>
public sealed class TwoFactorPageTests(TestSite site) : IClassFixture<TestSite>
{
    private const string PagePath = "/Identity/Account/Manage/TwoFactorAuthentication";

    [Fact]
    public async Task ForAnAccountWithoutTwoFactor_ThePageSaysItIsOff_AndLeadsToSettingUpAnApp()
    {
        await site.RegisterAndConfirmAsync("2fa-page-off@example.org");
        var member = site.CreateBrowserClient();
        using (await member.SignInAsync("2fa-page-off@example.org", Accounts.StrongPassword))
        {
        }

        var page = await member.GetDocumentAsync(PagePath);

        Assert.Contains("Two-factor authentication is off", page.QuerySelector("#two-factor-summary")!.TextContent, StringComparison.Ordinal);
        var setUp = page.QuerySelector("main .actions a.button")!;
        Assert.Equal("Set up an authenticator app", setUp.TextContent.Trim());
        Assert.Equal("/Identity/Account/Manage/EnableAuthenticator", setUp.GetAttribute("href"));
        Assert.Null(page.QuerySelector("#few-codes"));
    }

    [Fact]
    public async Task WithTwoFactorOn_ThePageWarnsWhenFewCodesAreLeft_AndForgetsARememberedBrowser()
    {
        const string email = "2fa-page-on@example.org";
        await site.RegisterAndConfirmAsync(email);
        var key = await site.EnableTwoFactorAsync(email);
        await WithUsersAsync(async users =>
        {
            var user = (await users.FindByEmailAsync(email))!;
            var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
            foreach (var code in codes.Take(8))
            {
                Assert.True((await users.RedeemTwoFactorRecoveryCodeAsync(user, code)).Succeeded);
            }

            return true;
        });

        // Signed in with "remember this browser" ticked: the password alone then opens the account here.
        var member = site.CreateBrowserClient();
        using (var password = await member.SignInAsync(email, Accounts.StrongPassword))
        {
            var second = await member.GetDocumentAsync(password.Headers.Location!.OriginalString);
            using var remembered = await member.SubmitAsync(second, "main form", new Dictionary<string, string>
            {
                ["Input.TwoFactorCode"] = Accounts.AuthenticatorCode(key),
                ["Input.RememberMachine"] = "true",
            });
            Assert.Equal(HttpStatusCode.Redirect, remembered.StatusCode);
        }

        var page = await member.GetDocumentAsync(PagePath);
        Assert.Contains("Two-factor authentication is on", page.QuerySelector("#two-factor-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("You have 2 recovery codes left.", page.QuerySelector("#few-codes")!.TextContent, StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("a[href$='/Manage/GenerateRecoveryCodes']")); // in the warning, not again below it
        Assert.Equal("signed in", await SignInAgainAsync(member, email)); // remembered: no code asked

        page = await member.GetDocumentAsync(PagePath);
        using var forgotten = await member.SubmitAsync(page, "form#forget-browser", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, forgotten.StatusCode);
        var after = await member.GetDocumentAsync(forgotten.Headers.Location!.OriginalString);
        Assert.Equal(TwoFactorAuthenticationModel.Forgotten, after.QuerySelector("[role=status]")!.TextContent.Trim());
        Assert.Null(after.QuerySelector("form#forget-browser"));

        Assert.Equal("second step", await SignInAgainAsync(member, email));
    }

    [Fact]
    public async Task TheRecoveryCodesPage_WithoutNewCodes_LeadsToTheTwoFactorPage()
    {
        var member = await site.SignedInClientAsync("2fa-page-codes@example.org", role: null);

        using var response = await member.GetAsync(new Uri("/Identity/Account/Manage/ShowRecoveryCodes", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith(PagePath, response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdentitysDefaultPages_ThatTheSiteDoesNotUse_AreNotServed()
    {
        var member = await site.SignedInClientAsync("2fa-page-gone@example.org", role: null);

        foreach (var path in new[]
        {
            "/Identity/Account/Lockout", "/Identity/Account/AccessDenied", "/Identity/Account/ExternalLogin",
            "/Identity/Account/Manage/ExternalLogins", "/Identity/Account/Manage/SetPassword",
        })
        {
            using var response = await member.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} answered {response.StatusCode}");
        }
    }

    /// <summary>Signs out and in again with the password: "signed in", or "second step" when a code is asked for.</summary>
    private static async Task<string> SignInAgainAsync(HttpClient member, string email)
    {
        using (await member.SignOutAsync())
        {
        }

        using var password = await member.SignInAsync(email, Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        return password.Headers.Location!.OriginalString.Contains("LoginWith2fa", StringComparison.Ordinal) ? "second step" : "signed in";
    }

    private async Task<T> WithUsersAsync<T>(Func<UserManager<ApplicationUser>, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }
}
