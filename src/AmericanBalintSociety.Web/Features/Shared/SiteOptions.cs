namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>Settings under <c>Site</c>.</summary>
public sealed class SiteOptions
{
    public const string SectionName = "Site";

    /// <summary>
    /// The site's public address (e.g. <c>https://www.americanbalintsociety.org</c>) for canonical links, the feed,
    /// the sitemap and mail; outside Development only its host is served. Required outside Development, where it must
    /// be https; in Development, empty means each request's own address (http://localhost).
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The society's public e-mail address, shown in every page's footer (and on the contact page); empty: none shown.</summary>
    public string? ContactEmail { get; set; }

    /// <summary>
    /// The folder the data lives in (database, media, ebooks, mail, backups): relative data paths resolve under it.
    /// Absolute, outside the published app (e.g. <c>/var/lib/abs</c>); empty: under the app's own folder.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>The society's time zone: dates are shown in it and staff schedule in it (IANA id).</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Whether <paramref name="address"/> is an absolute https URL.</summary>
    public static bool IsHttpsAddress(string? address) =>
        Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host);
}
