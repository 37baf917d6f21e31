using AmericanBalintSociety.TestSupport;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

/// <summary>
/// The site on a real loopback port and a headless Debian Chromium driven by Playwright.
/// Chromium is looked for at <c>ABS_CHROMIUM_PATH</c>, then <c>/usr/bin/chromium</c>; where there is none the
/// tests skip with how to install it, except under <c>CI=true</c>, where a missing browser is a failure.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string PathVariable = "ABS_CHROMIUM_PATH";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private static readonly string[] KnownLocations = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    private IPlaywright? _playwright;

    public TestSite Site { get; } = new();

    /// <summary>The Stripe the site talks to: a local stand-in (see <see cref="StripeStandIn"/>).</summary>
    public StripeStandIn? Stripe { get; private set; }

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    public IBrowser? Browser { get; private set; }

    /// <summary>The Chromium the tests drive (Lighthouse drives it too).</summary>
    public string? ChromiumPath { get; private set; }

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? SkipReason { get; private set; }

    public async Task InitializeAsync()
    {
        var chromium = FindChromium();
        if (chromium is null)
        {
            var message = $"Chromium was not found at ${PathVariable} or /usr/bin/chromium. Install it with `sudo apt-get install -y chromium` " +
                $"(or set {PathVariable} to a Chromium binary) to run the browser tests.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(message + " Under CI=true a missing browser fails the run.");
            }

            SkipReason = message;
            return;
        }

        ChromiumPath = chromium;
        Stripe = await StripeStandIn.StartAsync();
        Stripe.Configure(Site);
        Site.Settings["Shop:ReconcileEnabled"] = "false";
        BaseAddress = Site.StartOnRealPort();
        await Site.AttachEbookAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            IgnoreHTTPSErrors = true, // the fixture's own throwaway certificate
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            ColorScheme = colorScheme,
        });
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A page signed in through the sign-in form as a new staff account with the role: password, then a code from
    /// the authenticator app staff must have.
    /// </summary>
    public async Task<IPage> SignedInPageAsync(string email, string role)
    {
        await Site.AddStaffAsync(email, role);
        var key = await Site.EnableTwoFactorAsync(email);
        var page = await NewPageAsync();
        await page.GotoAsync("/Identity/Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Accounts.StrongPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/LoginWith2fa"));
        await page.GetByLabel("Authenticator code").FillAsync(Accounts.AuthenticatorCode(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));
        return page;
    }

    /// <summary>Runs axe-core on the page and fails with every violation listed.</summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe();
        var violations = result.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")
            .ToList();
        Assert.True(violations.Count == 0, $"axe found on {page.Url}:\n" + string.Join("\n", violations));
    }

    /// <summary>Saves a screenshot when <c>ABS_SCREENSHOTS</c> names a folder (for a person to look at).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Environment.GetEnvironmentVariable("ABS_SCREENSHOTS");
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Site.DisposeAsync();
        if (Stripe is not null)
        {
            await Stripe.DisposeAsync();
        }
    }

    private static string? FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : null;
        }

        return KnownLocations.FirstOrDefault(File.Exists);
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
