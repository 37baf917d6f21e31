namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>Settings under <c>Site</c>.</summary>
public sealed class SiteOptions
{
    public const string SectionName = "Site";

    /// <summary>
    /// The site's public address (e.g. <c>https://www.americanbalintsociety.org</c>) for canonical links, the feed,
    /// the sitemap and mail. Empty: taken from each request.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The society's time zone: dates are shown in it and staff schedule in it (IANA id).</summary>
    public string TimeZone { get; set; } = "America/New_York";
}
