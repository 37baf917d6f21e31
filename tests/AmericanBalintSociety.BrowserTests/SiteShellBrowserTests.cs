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
    public async Task HomePage_OnAPhone_KeepsTheHeaderSmall_WithTheMenuBehindAButton_AndNoSidewaysScroll()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 });

        await page.GotoAsync("/");

        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the page is {overflow}px wider than the phone");
        var header = await page.Locator("header.site-header").BoundingBoxAsync();
        Assert.True(header!.Height <= 844 * 0.15, $"the header takes {header.Height}px of 844");
        Assert.Equal("Menu", (await page.Locator("summary.site-menu-button").InnerTextAsync()).Trim());
        var main = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        Assert.False(await main.GetByRole(AriaRole.Link, new() { Name = "News / Articles", Exact = true }).IsVisibleAsync());
        await BrowserFixture.AssertNoAxeViolationsAsync(page);

        // The button opens with the keyboard, as a native <details> does, and every link is then there.
        await page.Locator("summary.site-menu-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        foreach (var name in new[] { "Home", "About", "Balint Groups", "News / Articles", "The Book", "Add Me To Your Mailing List", "Contact", "Shopping Cart" })
        {
            Assert.True(await main.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).IsVisibleAsync(), $"{name} is visible");
        }

        Assert.True(await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).IsVisibleAsync());
        overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"the open menu is {overflow}px wider than the phone");
        await BrowserFixture.ScreenshotAsync(page, "home-phone-menu-open");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }

    [SkippableFact]
    public async Task HomePage_OnADesktop_ShowsTheMenuOpen_WithoutTheButton()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 800 });

        await page.GotoAsync("/");

        Assert.False(await page.Locator("summary.site-menu-button").IsVisibleAsync());
        Assert.True(await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "News / Articles", Exact = true }).IsVisibleAsync());
        var header = await page.Locator("header.site-header").BoundingBoxAsync();
        Assert.True(header!.Height <= 120, $"the header is {header.Height}px tall on a desktop");
        // The page's heading stands clear of the header (main's own top padding, 2rem).
        var heading = await page.Locator("main h1").BoundingBoxAsync();
        Assert.True(heading!.Y - (header.Y + header.Height) >= 24, $"the heading starts {heading.Y - (header.Y + header.Height)}px below the header");
        await BrowserFixture.ScreenshotAsync(page, "home-desktop");
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

    [SkippableFact]
    public async Task OnAShortPage_TheFooterSitsAtTheBottomOfTheWindow()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(new ViewportSize { Width = 1280, Height = 1000 });

        await page.GotoAsync("/contact/sent");

        var footer = await page.Locator("footer.site-footer").BoundingBoxAsync();
        Assert.True(footer is { } f && Math.Abs(f.Y + f.Height - 1000) < 1, $"the footer ends at {footer?.Y + footer?.Height}px of 1000");
        var main = await page.Locator("main").BoundingBoxAsync();
        Assert.Equal((64f, 1152f), (main!.X, main.Width)); // still the page's 72rem measure, centred
    }

    /// <summary>Every public page: the menu, the news, an article, search, the society's pages, the shop, the forms, 404.</summary>
    private static readonly string[] PublicPages =
    [
        "/", "/membership", "/donate", "/news", "/news/abs-passes-diversity-resolution", "/news/search?q=balint", "/about", "/balint-groups",
        "/privacy", "/terms", "/book", "/cart", "/mailing-list", "/contact", "/Identity/Account/Login",
        "/Identity/Account/Register", "/Identity/Account/ForgotPassword", "/no-such-page",
    ];

    [SkippableTheory]
    [InlineData(390, ColorScheme.Light)]
    [InlineData(390, ColorScheme.Dark)]
    [InlineData(1280, ColorScheme.Light)]
    [InlineData(1280, ColorScheme.Dark)]
    public async Task EveryPublicPage_AxeFindsNothing_OnAPhoneAndADesktop_InLightAndDark(int width, ColorScheme scheme)
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(new ViewportSize { Width = width, Height = 900 }, scheme);
        await page.GotoAsync("/book");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart: Paperback" }).ClickAsync(); // the cart with a line

        foreach (var path in PublicPages)
        {
            await page.GotoAsync(path);
            var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
            Assert.Equal(scheme == ColorScheme.Dark ? "rgb(17, 24, 27)" : "rgb(251, 250, 247)", background);
            if (width < 960)
            {
                // On a phone the menu, the account links and the search are behind "Menu": open it so axe sees them.
                await page.Locator("summary.site-menu-button").ClickAsync();
                Assert.True(await page.Locator("nav[aria-label=Main]").IsVisibleAsync(), $"{path}: the menu did not open");
            }

            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }

        await BrowserFixture.ScreenshotAsync(page, $"not-found-{scheme.ToString().ToLowerInvariant()}-{width}");
    }

    [SkippableFact]
    public async Task StaffForms_StyleEveryTextField_AsThePublicFormsDo()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.SignedInPageAsync("styled-fields@example.org", "Admin");
        await page.GotoAsync("/admin/catalog");

        // The catalogue's Title and Price fields carry no type attribute (text is the default); they were unstyled.
        var unstyled = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll('main input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file]):not([type=submit])')]
              .filter(i => getComputedStyle(i).paddingLeft !== '11.2px' || getComputedStyle(i).borderTopLeftRadius === '0px')
              .map(i => i.id || i.name)
            """);

        Assert.NotEqual(0, await page.Locator("main input#Book_Title").CountAsync());
        Assert.Empty(unstyled);
    }

    [SkippableFact]
    public async Task Printed_AnArticleLeavesOutTheSiteChrome_AndWritesLinkAddresses()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/about");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });

        Assert.False(await page.Locator("nav[aria-label=Main]").IsVisibleAsync());
        Assert.False(await page.Locator("form.header-search").IsVisibleAsync());
        Assert.True(await page.Locator("main h1").IsVisibleAsync());
        var after = await page.EvaluateAsync<string>(
            "getComputedStyle(document.querySelector('.article-body a[href]'), '::after').content");
        Assert.StartsWith("\" (", after, StringComparison.Ordinal);
    }
}
