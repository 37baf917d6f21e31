using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>Settings under <c>News</c>.</summary>
public sealed class NewsOptions
{
    public const string SectionName = "News";

    /// <summary>Serve anonymous news pages from the output cache (evicted whenever an article changes).</summary>
    public bool OutputCache { get; set; } = true;

    /// <summary>Keep article pages' data in memory (emptied whenever an article changes), so few views reach the database.</summary>
    public bool DataCache { get; set; } = true;

    /// <summary>The longest a cached news page (or its data) is kept.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many of the newest matching articles a search ranks (SQLite; title, then summary, then body). When more
    /// match, the page says older articles also match; a search's work stays the same however large the site grows.
    /// </summary>
    [Range(10, 100_000)]
    public int SearchWindow { get; set; } = 100;

    /// <summary>Where uploaded cover images are kept (outside wwwroot; relative to the content root).</summary>
    [Required]
    public string MediaDirectory { get; set; } = "App_Data/media";

    /// <summary>Largest cover image accepted, in bytes.</summary>
    [Range(1024, 50 * 1024 * 1024)]
    public long MaxCoverImageBytes { get; set; } = 5 * 1024 * 1024;
}
