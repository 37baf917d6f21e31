using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>
/// Membership (issue 16) in a browser: joining (the membership page, the join page, Stripe's stand-in, the welcome page),
/// My account's membership and directory pages, the directory, a members-only teaser, and the staff's pages, each with
/// and without errors, pass axe.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class MembershipBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task TheLevelPages_AndALevelRefusedForItsDues_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.SignedInPageAsync("browser-levels@example.org", "Admin");

        await page.GotoAsync("/admin/membership/levels");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Add a level" }).ClickAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Name").FillAsync("Browser supporter");
        await page.GetByLabel("Annual dues (US dollars)").FillAsync("twelve");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save level" }).ClickAsync();

        await Assertions.Expect(page.Locator("#AnnualDues-error")).ToHaveTextAsync("Enter the annual dues in dollars, e.g. 120 or 120.00, or leave it empty.");
        await Assertions.Expect(page.GetByLabel("Name")).ToHaveValueAsync("Browser supporter");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task AMembersPage_GrantingAnHonoraryMembership_HasNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await browser.Site.AddMemberAsync("browser-honorary@example.org");
        var userId = await browser.Site.WithDbAsync(db => db.Users.Where(u => u.Email == "browser-honorary@example.org").Select(u => u.Id).SingleAsync());
        var page = await browser.SignedInPageAsync("browser-grants@example.org", "Admin");

        await page.GotoAsync($"/admin/members/{userId}");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel("Last day (optional)").FillAsync("2020-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant membership" }).ClickAsync();
        await Assertions.Expect(page.Locator("#grant-ends-error")).ToContainTextAsync("The end date has passed.");
        await BrowserFixture.AssertNoAxeViolationsAsync(page); // the refused form, with its message by the field

        await page.GetByLabel("Last day (optional)").FillAsync("");
        await page.GetByLabel("Kind").SelectOptionAsync("Honorary");
        await page.GetByRole(AriaRole.Button, new() { Name = "Grant membership" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Honorary membership");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    private async Task<IPage> MemberPageAsync(string email)
    {
        await browser.Site.AddMemberAsync(email);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Accounts.StrongPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));
        return page;
    }

    private Task<int> SetDuesAsync() =>
        browser.Site.WithDbAsync(db => db.MembershipLevels.Where(l => l.Name == "Member").ExecuteUpdateAsync(s => s.SetProperty(l => l.AnnualDuesCents, 15000)));

    [SkippableFact]
    public async Task JoiningPayingAndTheMembersPages_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await SetDuesAsync();
        var page = await MemberPageAsync("browser-joiner@example.org");

        await page.GotoAsync("/membership");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Join as Member" }).ClickAsync();
        await Assertions.Expect(page.Locator("#join-dues")).ToHaveTextAsync("$150.00 a year");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/pay/cs_test_"));

        // The member pays on Stripe's page, which sends them back to the welcome page.
        var sessionId = page.Url.Split('/').Last();
        browser.Stripe!.CompleteSubscription(sessionId, email: "browser-joiner@example.org");
        await page.GotoAsync($"/membership/welcome?session_id={sessionId}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Welcome to the American Balint Society");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Your membership page" }).ClickAsync();
        await Assertions.Expect(page.Locator("#membership-status")).ToHaveTextAsync("Active");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off automatic renewal" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Automatic renewal is off");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // The directory listing: refused without a name (the message by its field), then listed and found.
        await page.GotoAsync("/Identity/Account/Manage/Directory");
        await page.GetByLabel("List me in the members' directory").CheckAsync();
        await page.GetByLabel("Name as shown").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save directory entry" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Input-Name-error")).ToContainTextAsync("Enter the name to show");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel("Name as shown").FillAsync("Jo Browserly");
        await page.GetByLabel("State").SelectOptionAsync("VT");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save directory entry" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your directory entry is saved.");

        await page.GotoAsync("/membership/directory?state=VT");
        await Assertions.Expect(page.Locator(".directory-entry h2")).ToHaveTextAsync("Jo Browserly");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task AMembersOnlyTeaser_AndTheStaffsMembershipPages_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await browser.Site.AddArticleAsync("For members: the autumn retreat", DateTimeOffset.UtcNow.AddDays(-1), slug: "autumn-retreat",
            body: "The retreat's programme.", membersOnly: true);
        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync("/news/autumn-retreat");
        await Assertions.Expect(visitor.Locator("#members-only-heading")).ToHaveTextAsync("For members of the society");
        await BrowserFixture.AssertNoAxeViolationsAsync(visitor);

        await browser.Site.AddMemberAsync("browser-cheque@example.org");
        var userId = await browser.Site.WithDbAsync(db => db.Users.Where(u => u.Email == "browser-cheque@example.org").Select(u => u.Id).SingleAsync());
        var page = await browser.SignedInPageAsync("browser-membership-admin@example.org", "Admin");
        await page.GotoAsync("/admin/membership");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GotoAsync($"/admin/members/{userId}");
        await page.GetByLabel("Amount received ($)").FillAsync("lots");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();
        await Assertions.Expect(page.Locator("#offline-amount-error")).ToHaveTextAsync("Enter the amount received in dollars, e.g. 150.00.");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel("Amount received ($)").FillAsync("150.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Payment recorded");
        await page.GetByLabel("Add a note").FillAsync("Paid at the annual meeting.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add note" }).ClickAsync();
        await Assertions.Expect(page.Locator(".note-text")).ToHaveTextAsync("Paid at the annual meeting.");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
