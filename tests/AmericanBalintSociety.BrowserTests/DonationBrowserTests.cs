using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>Giving (issue 17) in a browser: /donate, with and without errors, the thank-you page and the receipt pass axe.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DonationBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task GivingOnce_TheFormItsErrorsTheThanksAndTheReceipt_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/donate");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "donate");

        await page.GetByLabel("Other amount", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Other amount (US dollars)").FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await Assertions.Expect(page.Locator("#OtherDollars-error")).ToContainTextAsync("Enter whole dollars");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Other amount (US dollars)").FillAsync("40");
        await page.GetByLabel("In honor of").CheckAsync();
        await page.GetByLabel("Their name").FillAsync("Our group leaders");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/pay/cs_test_"));

        var sessionId = page.Url.Split('/').Last();
        browser.Stripe!.Complete(sessionId, email: "browser-donor@example.org", name: "Browser Donor");
        await page.GotoAsync($"/donate/thanks?session_id={sessionId}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for your gift");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "View and print your receipt" }).ClickAsync();
        await Assertions.Expect(page.Locator("#receipt-statement")).ToHaveTextAsync("No goods or services were provided in exchange for this contribution.");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "gift-receipt");
    }

    [SkippableFact]
    public async Task AMonthlyGift_MyAccountsGivingPage_AndTheStaffPages_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.SignedInPageAsync("browser-giver@example.org", "Admin");
        await page.GotoAsync("/Identity/Account/Manage/Giving");
        await Assertions.Expect(page.Locator("#giving-summary")).ToContainTextAsync("You have made no gifts");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // Giving every month: Stripe's subscription checkout, then the thank-you page settles it.
        await page.GotoAsync("/donate");
        await page.GetByLabel("Give every month").CheckAsync();
        await page.GetByLabel("$25.00").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/pay/cs_test_"));
        var sessionId = page.Url.Split('/').Last();
        browser.Stripe!.CompleteSubscription(sessionId, email: "browser-giver@example.org");
        await page.GotoAsync($"/donate/thanks?session_id={sessionId}");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Thank you for your monthly gift");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // My account: the monthly gift, a refused amount, then a changed one.
        await page.GotoAsync("/Identity/Account/Manage/Giving");
        await Assertions.Expect(page.Locator("#monthly-summary")).ToContainTextAsync("You give $25.00 every month");
        await Assertions.Expect(page.Locator("#gifts tbody tr")).ToHaveCountAsync(1);
        await page.GetByLabel("New monthly amount (US dollars)").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the amount" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Dollars-error")).ToContainTextAsync("Enter whole dollars");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel("New monthly amount (US dollars)").FillAsync("35");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the amount" }).ClickAsync();
        await Assertions.Expect(page.Locator("#monthly-summary")).ToContainTextAsync("You give $35.00 every month");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "giving-monthly");

        // The staff's pages: the list with its totals, the gift, the donor, the amounts offered (with an error).
        await page.GotoAsync("/admin/donations");
        await Assertions.Expect(page.Locator("#totals-by-year tbody tr")).Not.ToHaveCountAsync(0);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "admin-donations");
        await page.Locator("#gifts tbody tr a").First.ClickAsync();
        await Assertions.Expect(page.Locator("#gift-facts")).ToBeVisibleAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GotoAsync("/admin/donations/donor?email=browser-giver%40example.org");
        await Assertions.Expect(page.Locator("#donor-plans")).ToContainTextAsync("$35.00 a month, running");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GotoAsync("/admin/donations/amounts");
        await page.GetByLabel("Amounts (whole dollars, separated by commas)").FillAsync("20, 1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the amounts" }).ClickAsync();
        await Assertions.Expect(page.Locator("#Amounts-error")).ToContainTextAsync("is not an amount that can be given");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // The outbox page (issue 18), with the mail this walk queued.
        await page.GotoAsync("/admin/mail?status=Pending");
        await Assertions.Expect(page.Locator("#mail-counts")).ToBeVisibleAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        var mailId = await browser.Site.WithDbAsync(db => db.OutboxMessages.Select(m => m.Id).FirstAsync());
        await page.GotoAsync($"/admin/mail/{mailId}");
        await Assertions.Expect(page.Locator("#mail-facts")).ToBeVisibleAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GotoAsync("/admin/mail");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
