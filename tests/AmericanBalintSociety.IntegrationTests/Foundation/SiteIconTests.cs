using System.Net;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using SkiaSharp;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>The icons phones and browsers ask for, drawn from the society's mark, and the web manifest naming them.</summary>
public sealed class SiteIconTests(TestSite site) : IClassFixture<TestSite>
{
    [Theory]
    [InlineData("/favicon-32.png", 32)]
    [InlineData("/apple-touch-icon.png", 180)]
    [InlineData("/icon-192.png", 192)]
    [InlineData("/icon-512.png", 512)]
    public async Task EachIcon_IsAPngOfItsSize_InTheSocietysColours(string path, int size)
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var icon = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((size, size), (icon.Width, icon.Height));
        Assert.Equal(SKColor.Parse("#f0c27b"), icon.GetPixel(size / 2, size / 2)); // the gold centre
        Assert.Equal(SKColor.Parse("#1d4e5f"), icon.GetPixel(size / 2, size / 10)); // teal between the centre and the rim
    }

    [Fact]
    public async Task TheLayoutLinksTheIcons_AndTheManifestNamesThem()
    {
        var page = await site.CreateBrowserClient().GetDocumentAsync("/");
        Assert.Equal("/apple-touch-icon.png", page.QuerySelector("link[rel=apple-touch-icon]")!.GetAttribute("href"));
        Assert.Equal("/site.webmanifest", page.QuerySelector("link[rel=manifest]")!.GetAttribute("href"));

        using var manifest = await site.CreateBrowserClient().GetAsync(new Uri("/site.webmanifest", UriKind.Relative));
        Assert.Equal("application/manifest+json", manifest.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await manifest.Content.ReadAsStringAsync());
        Assert.Equal("The American Balint Society", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(["/icon-192.png", "/icon-512.png", "/favicon.svg"], json.RootElement.GetProperty("icons").EnumerateArray().Select(i => i.GetProperty("src").GetString()));
    }

    [Fact]
    public async Task TheSharedLinkPicture_Is1200By630_WithTheMarkAndTheNameDrawnInType()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/og-image.png", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        using var picture = SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((1200, 630), (picture.Width, picture.Height));
        Assert.Equal(SKColor.Parse("#f0c27b"), picture.GetPixel(190, 315)); // the mark's gold centre on the teal band
        Assert.Equal(SKColor.Parse("#fbfaf7"), picture.GetPixel(1190, 10)); // paper behind the words

        // The name is drawn in teal type right of the band: without the embedded typeface nothing would be.
        var inked = 0;
        for (var x = 452; x < 1130; x += 2)
        {
            for (var y = 60; y < 300; y += 2)
            {
                var pixel = picture.GetPixel(x, y);
                if (pixel.Red < 120 && pixel.Blue > pixel.Red)
                {
                    inked++;
                }
            }
        }

        Assert.True(inked > 2000, $"Only {inked} sampled pixels of the name are teal.");
    }

    [Fact]
    public async Task APageWithoutACover_SharesTheSocietysPicture_WithItsSizeAndWords()
    {
        var page = await site.CreateBrowserClient().GetDocumentAsync("/mailing-list");

        string? Meta(string property) => page.QuerySelector($"meta[property='{property}']")?.GetAttribute("content");
        Assert.Equal("https://localhost/og-image.png", Meta("og:image"));
        Assert.Equal(("1200", "630"), (Meta("og:image:width"), Meta("og:image:height")));
        Assert.StartsWith("The American Balint Society. Balint groups:", Meta("og:image:alt"), StringComparison.Ordinal);
        Assert.Equal("The American Balint Society", Meta("og:site_name"));
        Assert.Equal("website", Meta("og:type"));
    }

    [Fact]
    public async Task AnyOtherIconSize_Is404()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/icon-9999.png", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
