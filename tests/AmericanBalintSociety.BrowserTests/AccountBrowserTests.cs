using System.Text.RegularExpressions;
using AmericanBalintSociety.TestSupport;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>Accounts in a real browser: the whole way in and out, and axe on every account page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task ANewMember_Registers_ConfirmsFromTheMail_SignsIn_EditsTheProfile_AndSignsOut()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Register" }).ClickAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel("Your name").FillAsync("Browser Member");
        await page.GetByLabel("Email address").FillAsync("browser-new@example.org");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("reflective practice matters");
        await page.GetByLabel("Password again").FillAsync("reflective practice matters");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
        Assert.Equal("Check your inbox", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        var mail = await browser.Site.Mail.WaitForAsync("browser-new@example.org");
        var link = new Uri(Accounts.LinkIn(mail, "ConfirmEmail"));
        await page.GotoAsync(link.PathAndQuery);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my email address" }).ClickAsync();
        Assert.Equal("Your email address is confirmed", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Email address").FillAsync("browser-new@example.org");
        await page.GetByLabel("Password").FillAsync("reflective practice matters");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/Identity/Account/Login"));

        await page.GetByRole(AriaRole.Link, new() { Name = "My account" }).ClickAsync();
        Assert.Equal("Browser Member", await page.GetByLabel("Name", new() { Exact = true }).InputValueAsync());
        await page.GetByLabel("Professional role").SelectOptionAsync("Social worker");
        await page.GetByLabel("Organization").FillAsync("Riverside Clinic");
        await page.GetByLabel("City").FillAsync("Portland");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save profile" }).ClickAsync();
        Assert.Equal("Your profile has been saved.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Equal("Riverside Clinic", await page.GetByLabel("Organization").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(page, "profile");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You are signed out" })).ToBeVisibleAsync();
        Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).IsVisibleAsync());
        var response = await page.GotoAsync("/Identity/Account/Manage");
        Assert.Contains("/Identity/Account/Login", response!.Url, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task EveryAccountPage_HasNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var anonymous = await browser.NewPageAsync();
        foreach (var path in new[]
        {
            "/Identity/Account/Login", "/Identity/Account/Register", "/Identity/Account/RegisterConfirmation",
            "/Identity/Account/ForgotPassword", "/Identity/Account/ForgotPasswordConfirmation",
            "/Identity/Account/ResetPassword?code=abc", "/Identity/Account/ResetPasswordConfirmation",
            "/Identity/Account/ResendEmailConfirmation", "/Identity/Account/ConfirmEmail?userId=x&code=y",
            "/Identity/Account/ConfirmEmailChange?userId=x&email=new%40example.org&code=y",
            "/Identity/Account/AccountDeleted",
        })
        {
            var response = await anonymous.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            Assert.Equal(1, await anonymous.Locator("h1").CountAsync());
            await BrowserFixture.AssertNoAxeViolationsAsync(anonymous);
        }

        // A member with two-factor authentication: the second sign-in step, then every "My account" page.
        await browser.Site.AddMemberAsync("browser-pages@example.org");
        var key = await browser.Site.EnableTwoFactorAsync("browser-pages@example.org");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Email address").FillAsync("browser-pages@example.org");
        await page.GetByLabel("Password").FillAsync(Accounts.StrongPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("LoginWith2fa"));
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GotoAsync("/Identity/Account/LoginWithRecoveryCode");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GoBackAsync();
        await page.GetByLabel("Authenticator code").FillAsync(Accounts.AuthenticatorCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/Identity/Account/Login"));

        foreach (var path in new[]
        {
            "/Identity/Account/Manage", "/Identity/Account/Manage/Email", "/Identity/Account/Manage/ChangePassword",
            "/Identity/Account/Manage/TwoFactorAuthentication", "/Identity/Account/Manage/EnableAuthenticator",
            "/Identity/Account/Manage/GenerateRecoveryCodes", "/Identity/Account/Manage/ResetAuthenticator",
            "/Identity/Account/Manage/Disable2fa", "/Identity/Account/Manage/PersonalData",
            "/Identity/Account/Manage/DeletePersonalData", "/Identity/Account/Manage/MailingList", "/Identity/Account/Manage/Sessions",
            "/account/two-factor-required", "/Identity/Account/NotMe?code=not-a-code",
            "/Identity/Account/Logout", // the page a sign-out without a return address ends on (a GET does not sign out)
        })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            Assert.Equal(1, await page.Locator("h1").CountAsync());
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }

        // The recovery codes page, as reached after generating new codes.
        await page.GotoAsync("/Identity/Account/Manage/GenerateRecoveryCodes");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate new recovery codes" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("ShowRecoveryCodes"));
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task TheAdminMembersPages_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await browser.Site.AddMemberAsync("browser-listed@example.org");
        var page = await browser.SignedInPageAsync("browser-admin@example.org", "Admin");

        await page.GotoAsync("/admin/members");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "browser-listed@example.org" }).ClickAsync();
        Assert.Equal("browser-listed@example.org", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(page, "admin-member");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
