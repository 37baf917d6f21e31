using AmericanBalintSociety.TestSupport;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SiteShellBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task HomePage_SkipLinkIsFirstAndMovesFocusToMain_AndAxeFindsNothing()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        Assert.Equal("ABS Passes Diversity Resolution", await page.Locator("main article h3 a").First.InnerTextAsync());

        await page.Keyboard.PressAsync("Tab");
        var focused = page.Locator(":focus");
        Assert.Equal("Skip to main content", await focused.InnerTextAsync());
        var box = await focused.BoundingBoxAsync();
        Assert.True(box is { Y: >= 0, Height: > 0 }, "the focused skip link is on screen");

        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("main", await page.EvaluateAsync<string>("document.activeElement.id"));
        Assert.EndsWith("#main", page.Url, StringComparison.Ordinal);

        await BrowserFixture.ScreenshotAsync(page, "home-desktop");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task HomePage_OnAPhone_HasNoSidewaysScrollAndEveryNavigationLinkShows()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(new ViewportSize { Width = 360, Height = 740 });

        await page.GotoAsync("/");

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone");
        foreach (var name in new[] { "Home", "News", "The Book", "Add Me To Your Mailing List", "Shopping Cart" })
        {
            Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })
                .GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).IsVisibleAsync(), $"{name} is visible");
        }

        await BrowserFixture.ScreenshotAsync(page, "home-phone");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task NotFoundPage_IsInTheLayout_AndAxeFindsNothing()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        Assert.Equal("Page not found", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task TheNotAllowedPage_ForAMemberOnAStaffPage_HasNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        await browser.Site.AddMemberAsync("browser-member@example.org");
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Email").FillAsync("browser-member@example.org");
        await page.GetByLabel("Password").FillAsync(Accounts.StrongPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));

        var response = await page.GotoAsync("/admin");

        Assert.Equal(403, response!.Status);
        Assert.Equal("Not allowed", await page.Locator("h1").InnerTextAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task SignInPage_IsInTheLayout_AndAxeFindsNothing()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync("/Identity/Account/Login");

        Assert.Equal(200, response!.Status);
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Equal(1, await page.Locator("nav[aria-label=Main]").CountAsync());
        Assert.True(await page.GetByLabel("Email").IsVisibleAsync());
        Assert.True(await page.GetByLabel("Password").IsVisibleAsync());
        await BrowserFixture.ScreenshotAsync(page, "sign-in");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
