using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>No page scrolls sideways on the narrowest phones (320 px), public or staff (issue 15).</summary>
[Collection(BrowserCollection.Name)]
public sealed class NarrowScreenBrowserTests(BrowserFixture browser)
{
    private static readonly ViewportSize Narrowest = new() { Width = 320, Height = 640 };

    private static async Task<List<string>> OverflowingAsync(IPage page, IEnumerable<string> paths)
    {
        var wide = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 0)
            {
                // The outermost elements that stick out, to say where to look.
                var culprits = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement.closest('[data-x]') && (e.dataset.x = '1'))
                        .slice(0, 3)
                        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : ''))
                    """);
                wide.Add($"{path} is {overflow}px too wide: {string.Join(", ", culprits)}");
            }
        }

        return wide;
    }

    [SkippableFact]
    public async Task NoPublicPage_ScrollsSideways_At320Pixels()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(Narrowest);
        await page.GotoAsync("/book");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart: Paperback" }).ClickAsync();

        var wide = await OverflowingAsync(page, [
            "/", "/membership", "/news", "/news/abs-passes-diversity-resolution", "/news/search?q=balint", "/about", "/balint-groups", "/privacy",
            "/terms", "/book", "/cart", "/mailing-list", "/contact", "/Identity/Account/Login", "/Identity/Account/Register",
            "/no-such-page",
        ]);

        Assert.True(wide.Count == 0, string.Join("\n", wide));
    }

    [SkippableFact]
    public async Task NoStaffPage_ScrollsSideways_At320Pixels()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.SignedInPageAsync("narrow-admin@example.org", "Admin");
        await page.SetViewportSizeAsync(Narrowest.Width, Narrowest.Height);

        var wide = await OverflowingAsync(page, [
            "/admin", "/admin/news", "/admin/news/new", "/admin/pages", "/admin/menu", "/admin/messages", "/admin/newsletters",
            "/admin/newsletters/new", "/admin/orders", "/admin/catalog", "/admin/subscribers", "/admin/members", "/admin/membership/levels", "/admin/membership/levels/1", "/admin/audit",
            "/admin/donations", "/admin/donations/amounts", "/admin/mail",
            "/Identity/Account/Manage", "/Identity/Account/Manage/PersonalData",
        ]);

        Assert.True(wide.Count == 0, string.Join("\n", wide));
    }

    [SkippableFact]
    public async Task OnAPhone_TheCartShowsTheAmountAndRemove_WithoutScrolling()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.NewPageAsync(new ViewportSize { Width = 390, Height = 844 });
        await page.GotoAsync("/book");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add to cart: Paperback" }).ClickAsync();
        await page.GotoAsync("/cart");

        foreach (var element in new[] { page.Locator("#cart-subtotal"), page.GetByRole(AriaRole.Button, new() { Name = "Remove", Exact = false }).First })
        {
            var box = await element.BoundingBoxAsync();
            Assert.True(box is { } b && b.X + b.Width <= 390, $"{element} ends at {box?.X + box?.Width}px on a 390px screen");
        }

        Assert.Contains("$14.50 each", await page.Locator("table.cart tbody th").First.InnerTextAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(page, "cart-phone");
        await BrowserFixture.AssertNoAxeViolationsAsync(page);
    }
}
