using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.UnitTests;

public sealed class NewsUnitTests
{
    [Theory]
    [InlineData("ABS Passes Diversity Resolution", "abs-passes-diversity-resolution")]
    [InlineData("  Café & Crème — 2027!  ", "cafe-creme-2027")]
    [InlineData("Society’s new council", "societys-new-council")]
    [InlineData("!!!", "")]
    public void Slug_IsMadeFromTheTitle(string title, string expected) => Assert.Equal(expected, Slugs.From(title));

    [Fact]
    public void Slug_IsCutAtAWordWhenTooLong()
    {
        var slug = Slugs.From(string.Join(' ', Enumerable.Repeat("balint", 30)));

        Assert.True(slug.Length <= 80);
        Assert.EndsWith("balint", slug, StringComparison.Ordinal);
        Assert.True(Slugs.IsValid(slug));
    }

    [Theory]
    [InlineData("spring-2027", true)]
    [InlineData("Spring-2027", false)]
    [InlineData("spring--2027", false)]
    [InlineData("-spring", false)]
    [InlineData("../etc/passwd", false)]
    [InlineData("", false)]
    public void Slug_Validity(string slug, bool valid) => Assert.Equal(valid, Slugs.IsValid(slug));

    [Fact]
    public void Tags_AreDistinctBySlug_InTheOrderWritten()
    {
        Assert.Equal([("council", "Council"), ("group-leaders", "group leaders")], Slugs.ParseTags("Council, group  leaders, council ,, "));
        Assert.Equal("Group leaders", Slugs.ParseTags("Group   leaders")[0].Name);
    }

    [Theory]
    [InlineData("diversity", "\"diversity\"")]
    [InlineData("Balint groups", "\"Balint\" \"groups\"")]
    [InlineData("\"NEAR(a b)\" OR title:x*", "\"NEAR\" \"a\" \"b\" \"OR\" \"title\" \"x\"")]
    [InlineData("   ", null)]
    [InlineData("!!! ---", null)]
    public void SearchInput_BecomesQuotedTerms_SoFtsSyntaxIsNeverInterpreted(string input, string? expected) =>
        Assert.Equal(expected, SqliteArticleSearch.ToMatchExpression(input));

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0, 0, 0, 0, 0 }, ".jpg")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0 }, ".png")]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'W', (byte)'E', (byte)'B', (byte)'P' }, ".webp")]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 0, 0, 0, 0, 0, 0 }, null)]
    [InlineData(new byte[] { (byte)'<', (byte)'s', (byte)'v', (byte)'g', 0, 0, 0, 0, 0, 0, 0, 0 }, null)]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 1, 2, 3, 4, (byte)'A', (byte)'V', (byte)'I', (byte)' ' }, null)]
    [InlineData(new byte[] { 0xFF, 0xD8 }, null)]
    public void CoverImages_AreRecognisedByTheirFirstBytes(byte[] header, string? extension) =>
        Assert.Equal(extension, CoverImageStore.Recognise(header));

    [Fact]
    public void Paging_KnowsItsNeighboursAndItsEnd()
    {
        var middle = new Paged<int>([1], PageNumber: 2, PageSize: 10, TotalCount: 24);

        Assert.Equal(3, middle.TotalPages);
        Assert.True(middle.HasPrevious);
        Assert.True(middle.HasNext);
        Assert.True(new Paged<int>([], 4, 10, 24).IsOutOfRange);
        Assert.False(new Paged<int>([], 1, 10, 0).IsOutOfRange);
    }

    [Fact]
    public void TheSearchKey_IsTheMinuteOfPublicationThenTheId()
    {
        var newYear = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(1_143_585_551_375_400_961, SqliteArticleSearch.SearchKey(newYear, 1)); // 739,616 days × 1,440 = minute 1,065,047,040 since 0001-01-01; << 30 | 1
        Assert.Equal(SqliteArticleSearch.SearchKey(newYear, 7), SqliteArticleSearch.SearchKey(newYear.AddSeconds(59), 7));
        Assert.True(SqliteArticleSearch.SearchKey(newYear.AddMinutes(1), 1) > SqliteArticleSearch.SearchKey(newYear, 1_000_000));
    }

    [Fact]
    public void AnUncountedPage_LooksOneRowAheadForTheNextOne()
    {
        var full = Paged.Of(Enumerable.Range(1, 11).ToList(), pageNumber: 2, pageSize: 10);
        Assert.Equal(Enumerable.Range(1, 10), full.Items);
        Assert.True(full.HasNext);
        Assert.True(full.HasPrevious);

        var exact = Paged.Of(Enumerable.Range(1, 10).ToList(), pageNumber: 1, pageSize: 10);
        Assert.False(exact.HasNext);
        Assert.False(exact.HasPrevious);

        Assert.True(Paged.Of(new List<int>(), pageNumber: 3, pageSize: 10).IsOutOfRange);
        Assert.False(Paged.Of(new List<int>(), pageNumber: 1, pageSize: 10).IsOutOfRange);
    }

    [Fact]
    public void ArticleDescription_IsWrittenOncePerArticle_AndAgainForAnotherAddressOrArticle()
    {
        var article = new ArticlePage(1, "spring", "Spring retreat", "A summary", "<p>Body</p>", DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch, null, null, [], null, null);

        var first = ArticleJsonLd.For(article, "https://example.org/news/spring", null, "The Society", "https://example.org/");
        var again = ArticleJsonLd.For(article, "https://example.org/news/spring", null, "The Society", "https://example.org/");
        var elsewhere = ArticleJsonLd.For(article, "https://other.example/news/spring", null, "The Society", "https://other.example/");
        var edited = ArticleJsonLd.For(article with { Title = "Autumn retreat" }, "https://example.org/news/spring", null, "The Society", "https://example.org/");

        Assert.Same(first, again);
        Assert.Equal(ArticleJsonLd.Write(article, "https://example.org/news/spring", null, "The Society", "https://example.org/"), first);
        Assert.Contains("https://other.example/news/spring", elsewhere, StringComparison.Ordinal);
        Assert.Contains("Autumn retreat", edited, StringComparison.Ordinal);
    }
}
