using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

public sealed class SiteShellTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task Home_ShowsTheSeededArticleWithDateAndSummary()
    {
        var client = site.CreateBrowserClient();
        var page = await client.GetDocumentAsync("/");

        var latest = page.QuerySelector("section[aria-labelledby=latest-news]")!;
        var link = latest.QuerySelector("a[href='/news/abs-passes-diversity-resolution']");
        Assert.NotNull(link);
        Assert.Equal("ABS Passes Diversity Resolution", link.TextContent.Trim());
        var time = latest.QuerySelector("time")!;
        Assert.Equal("2016-09-19T00:00:00-04:00", time.GetAttribute("datetime"));
        Assert.Equal("September 19, 2016", time.TextContent);
        Assert.Contains("The Council adopted the American Balint Society's Diversity Resolution", latest.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Home_HasSkipLinkToMain_OneH1_AndEnglishLanguage()
    {
        var page = await site.CreateBrowserClient().GetDocumentAsync("/");

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        var skip = page.Body!.FirstElementChild!;
        Assert.Equal("Skip to main content", skip.TextContent);
        Assert.Equal("#main", skip.GetAttribute("href"));
        Assert.NotNull(page.QuerySelector("main#main"));
        Assert.Single(page.QuerySelectorAll("h1"));
    }

    [Fact]
    public async Task Layout_HasTheSiteNavigationAndSignInLinks()
    {
        var page = await site.CreateBrowserClient().GetDocumentAsync("/");

        var main = page.QuerySelector("nav[aria-label=Main]")!;
        var links = main.QuerySelectorAll("a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
        Assert.Equal(
            [("Home", "/"), ("About", "/about"), ("Balint Groups", "/balint-groups"), ("Membership", "/membership"), ("News / Articles", "/news"), ("The Book", "/book"), ("Add Me To Your Mailing List", "/mailing-list"), ("Contact", "/contact"), ("Donate", "/donate"), ("Shopping Cart", "/cart")],
            links);
        var brand = page.QuerySelector("header a.brand")!;
        Assert.Equal("/", brand.GetAttribute("href"));
        Assert.Equal("The American Balint Society", brand.TextContent);

        var account = page.QuerySelector("nav[aria-label=Account]")!.TextContent;
        Assert.Contains("Sign in", account, StringComparison.Ordinal);
        Assert.Contains("Register", account, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Footer_NamesThe501c3StatusAndTheInternationalBalintFederation()
    {
        var page = await site.CreateBrowserClient().GetDocumentAsync("/");

        var footer = page.QuerySelector("footer")!.TextContent;
        Assert.Contains("501(c)(3) non-profit organization", footer, StringComparison.Ordinal);
        Assert.Contains("member society of the International Balint Federation", footer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Footer_GivesThePostalAddress_AndTheContactAddressOnlyWhenSet()
    {
        var without = (await site.CreateBrowserClient().GetDocumentAsync("/")).QuerySelector("footer address")!;
        Assert.Contains("100 Test Street, Testville, NY 10001", without.TextContent, StringComparison.Ordinal);
        Assert.Null(without.QuerySelector("a[href^='mailto:']"));

        await using var withEmail = new TestSite { Settings = { ["Site:ContactEmail"] = "office@americanbalintsociety.org" } };
        var footer = (await withEmail.CreateBrowserClient().GetDocumentAsync("/")).QuerySelector("footer address")!;
        Assert.Equal("mailto:office@americanbalintsociety.org", footer.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Home_ShowsTheBookWithPricesFromTheDatabaseAndAnOrderNowLink()
    {
        await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == "RCCP-PB")
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.PriceCents, 1995)));

        var page = await site.CreateBrowserClient().GetDocumentAsync("/");

        var book = page.QuerySelector("section[aria-labelledby=the-book]")!;
        Assert.Contains("Restoring the Core of Clinical Practice", book.TextContent, StringComparison.Ordinal);
        Assert.Contains("Laurel Milberg, PhD and Katherine Knowlton, PhD", book.TextContent, StringComparison.Ordinal);
        Assert.Contains("Available as paperback ($19.95) or ebook ($9.99).", book.TextContent, StringComparison.Ordinal);
        var order = book.QuerySelector("a[href='/book']")!;
        Assert.StartsWith("Order Now", order.TextContent, StringComparison.Ordinal);

        var signup = page.QuerySelector("section[aria-labelledby=mailing-list] form[action='/mailing-list']");
        Assert.NotNull(signup);
        Assert.Equal("Add Me To Your Mailing List", signup.QuerySelector("button[type=submit]")!.TextContent);
    }

    [Fact]
    public async Task UnknownPath_Answers404WithThePageInTheSiteLayout()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/no-such-page", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Page not found", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("main#main"));
        Assert.NotNull(page.QuerySelector("nav[aria-label=Main]"));
    }

    [Fact]
    public async Task Healthz_Answers200WhenTheDatabaseAnswers()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    [InlineData("/healthz")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri(path, UriKind.Relative));

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stylesheet_IsServed()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/css/site.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task AntiforgeryCookie_IsSecureHttpOnlyAndSameSite()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/Identity/Account/Login", UriKind.Relative));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-abs.af=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnsafeRequestWithoutAntiforgeryToken_IsRefused()
    {
        var client = site.CreateBrowserClient();
        using var content = new FormUrlEncodedContent([new("Input.Email", "someone@example.org"), new("Input.Password", "whatever-it-is")]);

        using var response = await client.PostAsync(new Uri("/Identity/Account/Login", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Home_ShowsWaysIn_AndTheLatestArticlesAsCards_WithTheirCovers()
    {
        await using var site = new TestSite();
        var page = await site.CreateBrowserClient().GetDocumentAsync("/");

        Assert.Equal(["/balint-groups", "/about", "/mailing-list"], page.QuerySelectorAll("nav[aria-label='Ways in'] a").Select(a => a.GetAttribute("href")));
        var card = page.QuerySelector(".cards .article-card")!;
        Assert.Equal("/news/abs-passes-diversity-resolution", card.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Null(card.QuerySelector("img")); // the seeded article has no cover: no empty frame either
    }
}
