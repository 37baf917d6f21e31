using AmericanBalintSociety.Web.Data.Seeding;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.UnitTests;

public sealed class FrontMatterDocumentTests
{
    [Fact]
    public void Parse_SplitsTheHeaderFromTheBody()
    {
        var document = FrontMatterDocument.Parse<ArticleFrontMatter>(
            "---\ntitle: \"A: title\"\nslug: a-title\npublished: 2016-09-19\nsummary: Short.\ntags: [news, council]\n---\nFirst paragraph.\n\n## Heading\n");

        Assert.Equal("A: title", document.FrontMatter.Title);
        Assert.Equal("a-title", document.FrontMatter.Slug);
        Assert.Equal(["news", "council"], document.FrontMatter.Tags);
        Assert.False(document.FrontMatter.Draft);
        Assert.Equal("First paragraph.\n\n## Heading", document.Body);
    }

    [Fact]
    public void Parse_AcceptsWindowsLineEndingsAndAByteOrderMark()
    {
        var document = FrontMatterDocument.Parse<ArticleFrontMatter>("\uFEFF---\r\ntitle: T\r\n---\r\nBody\r\n");

        Assert.Equal("T", document.FrontMatter.Title);
        Assert.Equal("Body", document.Body);
    }

    [Theory]
    [InlineData("title: no header\n", "does not start with front matter")]
    [InlineData("---\ntitle: never closed\n", "not closed")]
    [InlineData("---\ntitle: [unbalanced\n---\nBody", "not valid YAML")]
    public void Parse_ExplainsWhatIsWrong(string text, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => FrontMatterDocument.Parse<ArticleFrontMatter>(text));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    private static readonly SiteTime NewYork = new(Options.Create(new SiteOptions { TimeZone = "America/New_York" }));

    [Theory]
    [InlineData("2016-09-19", "2016-09-19T04:00:00+00:00")] // midnight in New York (EDT)
    [InlineData("2016-12-19", "2016-12-19T05:00:00+00:00")] // midnight in New York (EST)
    [InlineData("2026-11-28T09:30:00-05:00", "2026-11-28T14:30:00+00:00")]
    [InlineData("2026-11-28T09:30:00Z", "2026-11-28T09:30:00+00:00")]
    public void Published_IsADateInTheSocietysZoneOrADateTime_StoredInUtc(string published, string expected)
    {
        var front = new ArticleFrontMatter { Published = published };

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), front.ParsePublished(NewYork));
        Assert.Equal(TimeSpan.Zero, front.ParsePublished(NewYork)!.Value.Offset);
    }

    [Fact]
    public void Published_ThatIsNotADate_IsAnError()
    {
        var error = Assert.Throws<InvalidDataException>(() => new ArticleFrontMatter { Published = "last Tuesday" }.ParsePublished(NewYork));

        Assert.Contains("last Tuesday", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BookFile_ShippedWithTheSite_Parses()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Content", "Seed", "book.md");

        var book = FrontMatterDocument.Parse<BookFrontMatter>(File.ReadAllText(path)).FrontMatter;

        Assert.Equal("restoring-the-core-of-clinical-practice", book.Slug);
        Assert.Equal(2, book.Formats.Count);
        Assert.Equal(14.50m, book.Formats.Single(f => f.Sku == "RCCP-PB").PriceUsd);
        Assert.True(book.Formats.Single(f => f.Sku == "RCCP-PB").Physical);
        Assert.False(book.Formats.Single(f => f.Sku == "RCCP-EB").Physical);
    }
}
