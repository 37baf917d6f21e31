using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.MailingList;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>The mailing list in a real browser: subscribe, confirm from the mail, unsubscribe; axe on every page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MailingListBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task AVisitor_Subscribes_ConfirmsFromTheMail_AndUnsubscribes()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/mailing-list");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        // Nothing typed: the form comes back with the message, announced and linked to the field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Me To Your Mailing List" }).ClickAsync();
        Assert.Equal("Enter your email address.", await page.Locator("#Form_Email-error").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Email address").FillAsync("browser-list@example.org");
        await page.GetByLabel("Your name (optional)").FillAsync("Browser Reader");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add Me To Your Mailing List" }).ClickAsync();
        Assert.Equal("Check your inbox", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        var confirmation = await browser.Site.Mail.WaitForAsync("browser-list@example.org");
        await page.GotoAsync(new Uri(Accounts.LinkIn(confirmation, "/mailing-list/confirm/")).PathAndQuery);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        Assert.Equal("You're subscribed", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        var welcome = await Eventually.ValueAsync(
            () => browser.Site.Mail.To("browser-list@example.org").FirstOrDefault(m => m.Subject?.StartsWith("Welcome", StringComparison.Ordinal) == true),
            TimeSpan.FromSeconds(15), "no welcome mail");
        await page.GotoAsync(new Uri(MailingListSteps.UnsubscribeLink(welcome)).PathAndQuery);
        Assert.Equal("Unsubscribe", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Unsubscribe" }).ClickAsync();
        Assert.Equal("You're unsubscribed", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        var hash = SubscriberAddress.Hash("browser-list@example.org");
        Assert.Equal(SubscriberStatus.Unsubscribed, await browser.Site.WithDbAsync(db => db.Subscribers.Where(s => s.AddressHash == hash).Select(s => s.Status).SingleAsync()));

        // The expired-link and unknown-link pages.
        await page.GotoAsync("/mailing-list/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal("This link no longer works", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GotoAsync("/mailing-list/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task TheStaffListPages_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await browser.Site.WithDbAsync(async db =>
        {
            db.Subscribers.Add(new Subscriber
            {
                Email = "browser-listed-subscriber@example.org",
                AddressHash = SubscriberAddress.Hash("browser-listed-subscriber@example.org"),
                Status = SubscriberStatus.Confirmed,
                CreatedAt = DateTimeOffset.UtcNow,
                UnsubscribeToken = SubscriberAddress.NewToken(),
            });
            await db.SaveChangesAsync();
        });
        var page = await browser.SignedInPageAsync("browser-list-admin@example.org", "Admin");

        foreach (var path in new[] { "/admin", "/admin/subscribers", "/admin/subscribers/import", "/admin/newsletters", "/admin/newsletters/new" })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }

        await page.GotoAsync("/admin/newsletters/new");
        await page.GetByLabel("Subject").FillAsync("Browser newsletter");
        await page.GetByLabel("Or write a message (Markdown)").FillAsync("## Hello\n\nA short message.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and preview" }).ClickAsync();
        Assert.Equal("Browser newsletter", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, "newsletter-preview");

        // Sending asks once more, naming the subject and the recipients; the confirmation page is checked too.
        await page.Locator("a#send-newsletter-link").ClickAsync();
        Assert.StartsWith("Send “Browser newsletter” to ", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GotoAsync("/admin/subscribers");
        await page.GetByRole(AriaRole.Link, new() { Name = "Remove browser-listed-subscriber@example.org" }).ClickAsync();
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // The import's two steps and its report.
        await page.GotoAsync("/admin/subscribers/import");
        await page.GetByLabel("CSV file (at most 5 MB)").SetInputFilesAsync(new FilePayload
        {
            Name = "old-site.csv",
            MimeType = "text/csv",
            Buffer = System.Text.Encoding.UTF8.GetBytes("Email,Name\r\nbrowser-imported@example.org,Imported Person\r\nnot-an-address,Bad\r\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and choose columns" }).ClickAsync();
        Assert.Equal("Email", await page.GetByLabel("Email address column").InputValueAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import" }).ClickAsync();
        Assert.Contains("Line 3", await page.Locator("#import-problems").InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
