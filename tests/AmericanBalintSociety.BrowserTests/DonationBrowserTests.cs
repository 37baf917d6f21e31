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
    public async Task MyAccountsGivingPage_WithAGift_HasNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.SignedInPageAsync("browser-giver@example.org", "Editor");
        await page.GotoAsync("/Identity/Account/Manage/Giving");
        await Assertions.Expect(page.Locator("#giving-summary")).ToContainTextAsync("You have made no gifts");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GotoAsync("/donate");
        await page.GetByLabel("$25.00").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue to payment" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/pay/cs_test_"));
        var sessionId = page.Url.Split('/').Last();
        browser.Stripe!.Complete(sessionId, email: "browser-giver@example.org");
        await page.GotoAsync($"/donate/thanks?session_id={sessionId}");

        await page.GotoAsync("/Identity/Account/Manage/Giving");
        await Assertions.Expect(page.Locator("#gifts tbody tr")).ToHaveCountAsync(1);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
