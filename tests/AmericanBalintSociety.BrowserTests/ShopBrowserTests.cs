using System.Text.RegularExpressions;
using AmericanBalintSociety.TestSupport;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>The shop in a real browser: the ebook bought through the Stripe stand-in, delivered, downloaded; axe on each page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShopBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task ABuyer_OrdersTheEbook_PaysAtStripe_AndDownloadsIt()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Order Now" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/book$"));
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart: Ebook" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/cart$"));
        Assert.Equal("Added to your cart.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Contains("(1 item)", await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Shopping Cart" }).TextContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "cart");

        // Checkout sends the browser to Stripe's page (the stand-in's).
        await page.GetByRole(AriaRole.Button, new() { Name = "Checkout" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"^{Regex.Escape(browser.Stripe!.BaseAddress.AbsoluteUri)}pay/cs_test_"));
        var sessionId = page.Url.Split('/').Last();

        // The buyer pays; Stripe sends the signed event; then Stripe sends the buyer back.
        var session = browser.Stripe.Complete(sessionId, email: "browser-buyer@example.org", name: "Browser Buyer");
        using (var delivered = await browser.Site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", session)))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, delivered.StatusCode);
        }

        await page.GotoAsync($"/checkout/success?session_id={sessionId}");
        Assert.Equal("Thank you: your order is complete", await page.Locator("h1").InnerTextAsync());
        var number = await page.Locator("#order-number").InnerTextAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // The confirmation mail's link downloads the ebook.
        var mail = await Eventually.ValueAsync(() => browser.Site.Mail.To("browser-buyer@example.org").FirstOrDefault(m => m.Subject == $"Your order {number}"), TimeSpan.FromSeconds(15), "no order mail");
        var link = new Uri(Accounts.LinkIn(mail, "/download/"));
        var download = await page.RunAndWaitForDownloadAsync(async () =>
            await page.EvaluateAsync("url => { const a = document.createElement('a'); a.href = url; document.body.append(a); a.click(); }", link.PathAndQuery));
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = await download.PathAsync();
        Assert.Equal(ShopSteps.PdfBytes, await File.ReadAllBytesAsync(saved));

        // The cart is empty once the order is paid.
        await page.GotoAsync("/cart");
        Assert.Contains("Your cart is empty", await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TheStaffOrderAndCataloguePages_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await browser.Site.SetStockAsync(ShopSteps.Paperback, 10);
        var buyer = await browser.NewPageAsync();
        await buyer.GotoAsync("/book");
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Add to cart: Paperback" }).ClickAsync();
        await buyer.GetByRole(AriaRole.Button, new() { Name = "Checkout" }).ClickAsync();
        await Assertions.Expect(buyer).ToHaveURLAsync(new Regex("/pay/cs_test_"));
        var sessionId = buyer.Url.Split('/').Last();
        using (await browser.Site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", browser.Stripe!.Complete(sessionId, email: "browser-paper@example.org"))))
        {
        }

        var page = await browser.SignedInPageAsync("browser-orders-admin@example.org", "Admin");
        foreach (var path in new[] { "/admin/orders", "/admin/catalog" })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }

        var order = await browser.Site.OrderForSessionAsync(sessionId);
        await page.GotoAsync("/admin/orders");
        await page.GetByRole(AriaRole.Link, new() { Name = order.Number }).ClickAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "admin-order");
        await page.GetByLabel("Carrier").FillAsync("USPS");
        await page.GetByLabel("Tracking number").FillAsync("9400 0000 0000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark shipped and mail the buyer" }).ClickAsync();
        Assert.Contains("marked shipped", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GotoAsync("/Identity/Account/Manage/Orders");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
