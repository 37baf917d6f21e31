using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>Membership (issue 16) in a browser: the staff's level pages, with and without errors, pass axe.</summary>
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
}
