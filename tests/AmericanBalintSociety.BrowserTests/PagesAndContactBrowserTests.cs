using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>The society's pages, the contact form and their staff pages, in a real browser, at a phone's and a desktop's width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PagesAndContactBrowserTests(BrowserFixture browser)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    public static TheoryData<string> Widths => ["phone", "desktop"];

    private static async Task AssertFitsAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the window");
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public async Task TheSocietysPages_ReadWell_AndAxeFindsNothing(string width)
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(width == "phone" ? Phone : Desktop);

        foreach (var (path, heading) in new[] { ("/about", "About the American Balint Society"), ("/balint-groups", "What is a Balint group?"), ("/privacy", "Privacy policy") })
        {
            await page.GotoAsync(path);
            Assert.Equal(heading, await page.Locator("main h1").InnerTextAsync());
            await AssertFitsAsync(page);
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }

        await BrowserFixture.ScreenshotAsync(page, $"privacy-{width}");
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public async Task TheContactForm_ShowsErrorsByTheFields_KeepsTheText_ThenThanks(string width)
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(width == "phone" ? Phone : Desktop);
        await page.GotoAsync("/contact");
        await AssertFitsAsync(page);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Your message").FillAsync("A question about groups for residents.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the message" }).ClickAsync();

        Assert.Equal("Enter your name.", (await page.Locator("#Form-Name-error").InnerTextAsync()).Trim());
        Assert.Equal("A question about groups for residents.", await page.GetByLabel("Your message").InputValueAsync());
        await Assertions.Expect(page.GetByLabel("Your name")).ToHaveAttributeAsync("aria-invalid", "true");
        await BrowserFixture.ScreenshotAsync(page, $"contact-errors-{width}");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Your name").FillAsync("Rae Resident");
        await page.GetByLabel("Your email address").FillAsync($"rae-{width}@example.org");
        await page.GetByLabel("Topic").SelectOptionAsync(new SelectOptionValue { Label = "Balint groups and training" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the message" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/contact/sent$"));
        Assert.Contains("Your message has been sent", await page.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableTheory]
    [MemberData(nameof(Widths))]
    public async Task TheStaffPagesForPagesMenuAndMessages_AreUsable_AndAxeFindsNothing(string width)
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.SignedInPageAsync($"pages-admin-{width}@example.org", "Admin");
        await page.SetViewportSizeAsync((width == "phone" ? Phone : Desktop).Width, (width == "phone" ? Phone : Desktop).Height);

        // A message to look at.
        await page.GotoAsync("/contact");
        await page.GetByLabel("Your name").FillAsync("Sol Staffview");
        await page.GetByLabel("Your email address").FillAsync($"sol-{width}@example.org");
        await page.GetByLabel("Topic").SelectOptionAsync(new SelectOptionValue { Label = "Press" });
        await page.GetByLabel("Your message").FillAsync("Could we interview a group leader?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the message" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/contact/sent$"));

        foreach (var path in new[] { "/admin/pages", "/admin/pages/new", "/admin/menu", "/admin/messages" })
        {
            await page.GotoAsync(path);
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }

        await page.GetByRole(AriaRole.Link, new() { Name = "Sol Staffview" }).First.ClickAsync();
        Assert.Equal("Could we interview a group leader?", await page.Locator(".message-text").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark answered" }).ClickAsync();
        Assert.Equal("Marked answered.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete…" }).ClickAsync();
        Assert.Equal("Delete the message from Sol Staffview?", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // The menu editor with the keyboard: untick "Show" for the book by its accessible name, then save.
        await page.GotoAsync("/admin/menu");
        var showBook = page.GetByRole(AriaRole.Checkbox, new() { Name = "Show The Book (/book)" });
        await showBook.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the menu" }).ClickAsync();
        Assert.Equal("The menu was saved. Every page shows it now.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        await AssertFitsAsync(page);
        await BrowserFixture.ScreenshotAsync(page, $"admin-menu-{width}");

        // Put the book back, for the other tests sharing the site.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Show The Book (/book)" }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the menu" }).ClickAsync();
        Assert.Equal("The menu was saved. Every page shows it now.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
    }
}
