namespace AmericanBalintSociety.Web.Data.Seeding;

/// <summary>Front matter of <c>book.md</c>.</summary>
public sealed class BookFrontMatter
{
    public string? Title { get; set; }

    public string? Slug { get; set; }

    public List<string> Authors { get; set; } = [];

    public List<BookFormatFrontMatter> Formats { get; set; } = [];
}
