using AmericanBalintSociety.Web.Features.Shared;
using AngleSharp.Html.Parser;

namespace AmericanBalintSociety.UnitTests;

public sealed class MarkdownRendererTests
{
    private static readonly MarkdownRenderer Renderer = new();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<SCRIPT SRC=//evil.example/x.js></SCRIPT>")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<svg><script>alert(1)</script></svg>")]
    [InlineData("<svg onload=alert(1)>")]
    [InlineData("<object data=\"x.swf\"></object>")]
    [InlineData("<a href=\"javascript:alert(1)\">raw html link</a>")]
    [InlineData("<style>body{display:none}</style>")]
    [InlineData("<form action=\"https://evil.example\"><input name=x></form>")]
    public void RawHtml_NeverBecomesMarkup(string markdown)
    {
        var html = Renderer.ToHtml(markdown);

        var document = new HtmlParser().ParseDocument(html);
        Assert.Empty(document.QuerySelectorAll("script, iframe, svg, object, style, form, a, img"));
        Assert.DoesNotContain(document.Body!.QuerySelectorAll("*").SelectMany(e => e.Attributes), a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JaVaScRiPt:alert(1))")]
    [InlineData("[click](  javascript:alert(1))")]
    [InlineData("[click](java&#x09;script:alert(1))")]
    [InlineData("[click](&#106;avascript:alert(1))")]
    [InlineData("[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JAVASCRIPT:alert(1)>")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)")]
    [InlineData("![x](javascript:alert(1))")]
    public void DangerousUrls_InAnyCaseOrEncoding_AreRemoved(string markdown)
    {
        var html = Renderer.ToHtml(markdown);

        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("[href], [src]"))
        {
            var url = (element.GetAttribute("href") ?? element.GetAttribute("src"))!.Trim();
            Assert.Matches("^(https?:|mailto:|/|#|[a-z0-9-]+($|[/?#.]))", url.ToLowerInvariant());
        }

        var urls = document.QuerySelectorAll("*").SelectMany(e => e.Attributes).Select(a => a.Value.ToLowerInvariant()).ToList();
        Assert.DoesNotContain(urls, u => u.Contains("javascript:", StringComparison.Ordinal) || u.Contains("data:", StringComparison.Ordinal) || u.Contains("vbscript:", StringComparison.Ordinal));
    }

    [Fact]
    public void SafeLinks_AreKept_ExternalOnesGetNoopenerNoreferrer()
    {
        var html = Renderer.ToHtml("[home](/news) [site](https://www.balintinternational.com) [mail](mailto:office@example.org) <https://example.org>");

        var links = new HtmlParser().ParseDocument(html).QuerySelectorAll("a").ToList();
        Assert.Equal(["/news", "https://www.balintinternational.com", "mailto:office@example.org", "https://example.org"], links.Select(a => a.GetAttribute("href")));
        Assert.Null(links[0].GetAttribute("rel"));
        Assert.Equal("noopener noreferrer", links[1].GetAttribute("rel"));
        Assert.Null(links[2].GetAttribute("rel"));
        Assert.Equal("noopener noreferrer", links[3].GetAttribute("rel"));
    }

    [Fact]
    public void Images_AreLazyLoaded()
    {
        var image = new HtmlParser().ParseDocument(Renderer.ToHtml("![A group](https://example.org/g.jpg)")).QuerySelector("img")!;

        Assert.Equal("lazy", image.GetAttribute("loading"));
        Assert.Equal("A group", image.GetAttribute("alt"));
    }

    [Fact]
    public void Headings_StartAtH2_SoThePageKeepsOneH1()
    {
        var document = new HtmlParser().ParseDocument(Renderer.ToHtml("# Big\n\n## Section\n\n### Sub"));

        Assert.Empty(document.QuerySelectorAll("h1"));
        Assert.Equal(["Big", "Section"], document.QuerySelectorAll("h2").Select(h => h.TextContent));
        Assert.Equal("Sub", document.QuerySelector("h3")!.TextContent);
    }

    [Fact]
    public void Render_GivesPlainTextForSearch()
    {
        var rendered = Renderer.Render("## Where\n\nIn **Chicago**, at [the hotel](https://example.org).");

        Assert.Equal("Where In Chicago, at the hotel.", rendered.PlainText);
    }

    [Fact]
    public void Tables_AndEmphasis_Render()
    {
        var document = new HtmlParser().ParseDocument(Renderer.ToHtml("| a | b |\n|---|---|\n| 1 | 2 |\n\n*em* and ~~gone~~"));

        Assert.NotNull(document.QuerySelector("table td"));
        Assert.NotNull(document.QuerySelector("em"));
        Assert.NotNull(document.QuerySelector("del"));
    }
}
