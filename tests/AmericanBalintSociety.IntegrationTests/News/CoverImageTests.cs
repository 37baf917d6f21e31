using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>
/// Covers are never stored as uploaded: the pixels are encoded again, so a phone photo's GPS position and anything
/// hidden in the file are gone, and the cover is made at a few widths, as WebP and JPEG (issue 15).
/// </summary>
public sealed class CoverImageTests(NewsSite site) : IClassFixture<NewsSite>
{
    private const string GpsMarker = "GPS-LATITUDE-40.7128N";

    [Fact]
    public async Task APhonePhoto_LosesItsExifAndGps_AndIsMadeAtThreeWidthsInWebpAndJpeg()
    {
        var photo = WithExif(Jpeg(3000, 2000), GpsMarker);
        Assert.Contains(GpsMarker, Encoding.ASCII.GetString(photo), StringComparison.Ordinal); // the upload carries it

        var name = await UploadAsync("Lakeside", photo, "image/jpeg");

        Assert.Matches("^[0-9a-f]{32}\\.jpg$", name);
        var store = site.Services.GetRequiredService<CoverImageStore>();
        var id = name[..32];
        var files = Directory.GetFiles(store.Directory, id + "*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([$"{id}-1600.jpg", $"{id}-1600.webp", $"{id}-480.jpg", $"{id}-480.webp", $"{id}-960.jpg", $"{id}-960.webp", $"{id}.jpg", $"{id}.json"], files);
        foreach (var file in files.Where(f => !f!.EndsWith(".json", StringComparison.Ordinal)))
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(store.Directory, file!));
            Assert.DoesNotContain(GpsMarker, Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain("Exif", Encoding.ASCII.GetString(bytes), StringComparison.Ordinal);
        }

        using var info = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(store.Directory, id + ".json")));
        Assert.Equal((1600, 1067), (info.RootElement.GetProperty("width").GetInt32(), info.RootElement.GetProperty("height").GetInt32()));
        using var webp = await site.CreateBrowserClient().GetAsync(new Uri($"/media/covers/{id}-960.webp", UriKind.Relative));
        Assert.Equal("image/webp", webp.Content.Headers.ContentType!.MediaType);
        using var decoded = SKBitmap.Decode(await webp.Content.ReadAsByteArrayAsync());
        Assert.Equal((960, 640), (decoded.Width, decoded.Height));
    }

    [Fact]
    public async Task TheArticle_ShowsThePictureWithItsWidths_WebpFirst_WithWidthAndHeight()
    {
        var name = await UploadAsync("Pictured widths", Jpeg(2000, 1000), "image/jpeg");
        var id = name[..32];
        await site.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Title == "Pictured widths");
            article.PublishedAt = DateTimeOffset.UtcNow.AddDays(-1);
            return await db.SaveChangesAsync();
        });
        await site.Services.GetRequiredService<NewsCache>().ArticlesChangedAsync(CancellationToken.None);
        var slug = await site.WithDbAsync(db => db.Articles.Where(a => a.Title == "Pictured widths").Select(a => a.Slug).SingleAsync());

        var page = await site.CreateBrowserClient().GetDocumentAsync($"/news/{slug}");

        var picture = page.QuerySelector("main article picture")!;
        Assert.Equal("image/webp", picture.QuerySelector("source")!.GetAttribute("type"));
        Assert.Equal($"/media/covers/{id}-480.webp 480w, /media/covers/{id}-960.webp 960w, /media/covers/{id}-1600.webp 1600w", picture.QuerySelector("source")!.GetAttribute("srcset"));
        var img = picture.QuerySelector("img")!;
        Assert.Equal(("1600", "800"), (img.GetAttribute("width"), img.GetAttribute("height")));
        Assert.Equal($"/media/covers/{id}-1600.jpg", img.GetAttribute("src"));
        Assert.Equal("A description", img.GetAttribute("alt"));

        // On the home page the newest articles are cards with their covers, loaded lazily.
        var home = await site.CreateBrowserClient().GetDocumentAsync("/");
        var card = home.QuerySelectorAll(".cards .article-card").Single(c => c.QuerySelector("h3")!.TextContent == "Pictured widths");
        Assert.Equal("lazy", card.QuerySelector("picture img")!.GetAttribute("loading"));
        Assert.Equal(("1600", "800"), (card.QuerySelector("picture img")!.GetAttribute("width"), card.QuerySelector("picture img")!.GetAttribute("height")));

        // In the news list the cover is a small picture beside the entry, the 480 px file being enough for it.
        var list = await site.CreateBrowserClient().GetDocumentAsync("/news");
        var entry = list.QuerySelectorAll(".article-list > li article").Single(a => a.QuerySelector("h2")!.TextContent == "Pictured widths");
        var thumb = entry.QuerySelector("picture img.list-thumb")!;
        Assert.Equal("A description", thumb.GetAttribute("alt"));
        Assert.Equal("(min-width: 48rem) 12rem, 7rem", thumb.GetAttribute("sizes"));
        Assert.Equal(("1600", "800"), (thumb.GetAttribute("width"), thumb.GetAttribute("height")));
    }

    [Fact]
    public async Task APolyglot_ImageWithHtmlAppended_IsStoredWithoutTheHtml()
    {
        var polyglot = Jpeg(40, 40).Concat(Encoding.ASCII.GetBytes("<html><script>alert(document.cookie)</script></html>")).ToArray();

        var name = await UploadAsync("Polyglot", polyglot, "image/jpeg");

        var stored = await File.ReadAllBytesAsync(Path.Combine(site.Services.GetRequiredService<CoverImageStore>().Directory, name));
        Assert.DoesNotContain("<script", Encoding.ASCII.GetString(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileThatStartsLikeAnImageButIsNot_IsRefusedWithAClearMessage()
    {
        var editor = await site.SignedInClientAsync($"broken-{Guid.NewGuid():N}@example.org", Roles.Editor);
        var fake = Encoding.ASCII.GetBytes("RIFF\0\0\0\0WEBPVP8 this is not really an image at all");

        using var response = await PostAsync(editor, "Broken", fake, "image/webp");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("could not be read", (await Html.ParseAsync(response)).QuerySelector("#coverUpload-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MediaReprocess_ProcessesCoversStoredBefore_AndIsIdempotent()
    {
        var store = site.Services.GetRequiredService<CoverImageStore>();
        Directory.CreateDirectory(store.Directory);
        var id = Guid.NewGuid().ToString("N");
        await File.WriteAllBytesAsync(Path.Combine(store.Directory, id + ".jpg"), WithExif(Jpeg(1200, 800), GpsMarker));

        var (exit, output, _) = await site.RunCommandAsync(null, "media", "reprocess");
        var (again, secondOutput, _) = await site.RunCommandAsync(null, "media", "reprocess");

        Assert.Equal(0, exit);
        Assert.Contains($"processed: {id}.jpg", output, StringComparison.Ordinal);
        Assert.DoesNotContain(GpsMarker, Encoding.ASCII.GetString(await File.ReadAllBytesAsync(Path.Combine(store.Directory, id + ".jpg"))), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(store.Directory, $"{id}-960.webp")));
        Assert.Equal(0, again);
        Assert.DoesNotContain(id, secondOutput, StringComparison.Ordinal);
        Assert.Contains(" 0 processed", " " + secondOutput, StringComparison.Ordinal);
    }

    private async Task<string> UploadAsync(string title, byte[] file, string type)
    {
        var editor = await site.SignedInClientAsync($"cover-{Guid.NewGuid():N}@example.org", Roles.Editor);
        using var response = await PostAsync(editor, title, file, type);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await site.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => a.CoverImage!).SingleAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string title, byte[] file, string type)
    {
        var form = await client.GetDocumentAsync("/admin/news/new");
        var token = form.QuerySelector("form.editor input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(title), "Form.Title" },
            { new StringContent("Body text."), "Form.BodyMarkdown" },
            { new StringContent("A description"), "Form.CoverImageAlt" },
            { new StringContent("draft"), "intent" },
        };
        var bytes = new ByteArrayContent(file);
        bytes.Headers.ContentType = new MediaTypeHeaderValue(type);
        content.Add(bytes, "coverUpload", "upload");
        return await client.PostAsync(new Uri("/admin/news/new", UriKind.Relative), content);
    }

    /// <summary>A JPEG of the given size: a gradient, so it is a real photo-like image.</summary>
    private static byte[] Jpeg(int width, int height)
    {
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.SteelBlue, SKColors.Goldenrod], SKShaderTileMode.Clamp) };
        surface.Canvas.DrawRect(0, 0, width, height, paint);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>The JPEG with an APP1 Exif segment after its start marker, carrying the given text as a camera would a GPS tag.</summary>
    private static byte[] WithExif(byte[] jpeg, string payload)
    {
        var body = Encoding.ASCII.GetBytes("Exif\0\0MM\0*\0\0\0\b" + payload);
        var length = body.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)(length & 0xFF), .. body];
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
