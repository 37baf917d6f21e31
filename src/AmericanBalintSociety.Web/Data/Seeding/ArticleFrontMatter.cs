using System.Globalization;

namespace AmericanBalintSociety.Web.Data.Seeding;

/// <summary>
/// Front matter of an article file: <c>title</c>, <c>slug</c>, <c>published</c>, <c>summary</c>, optional <c>tags</c> and
/// <c>draft</c>. A page's file has <c>title</c>, <c>slug</c>, <c>summary</c> and <c>nav</c> (its label in the seeded menu).
/// </summary>
public sealed class ArticleFrontMatter
{
    public string? Title { get; set; }

    public string? Slug { get; set; }

    /// <summary>A date (<c>2016-09-19</c>, midnight in the society's time zone) or a date-time with an offset (UTC if none).</summary>
    public string? Published { get; set; }

    public string? Summary { get; set; }

    public List<string> Tags { get; set; } = [];

    public bool Draft { get; set; }

    /// <summary>Pages: the label of the page's entry in the site menu the seed creates.</summary>
    public string? Nav { get; set; }

    /// <summary>Parses <see cref="Published"/>; null when absent, an error when present but unreadable.</summary>
    public DateTimeOffset? ParsePublished(Features.Shared.SiteTime siteTime)
    {
        ArgumentNullException.ThrowIfNull(siteTime);
        if (string.IsNullOrWhiteSpace(Published))
        {
            return null;
        }

        if (DateOnly.TryParseExact(Published, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return siteTime.StartOfDay(date);
        }

        if (DateTimeOffset.TryParse(Published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var moment))
        {
            return moment.ToUniversalTime();
        }

        throw new InvalidDataException($"'published' is not a date or date-time: '{Published}'.");
    }
}
