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
}
