using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// The schema.org <c>NewsArticle</c> description of an article page, written straight to UTF-8 (no reflection).
/// The default encoder escapes &lt; and &gt;, so the text is safe inside a <c>&lt;script&gt;</c> element.
/// </summary>
public static class ArticleJsonLd
{
    // The article pages served come from the news cache, one instance per article until it changes: each one's
    // description is written once, not on every request, and forgotten with it.
    private static readonly ConditionalWeakTable<ArticlePage, Written> Descriptions = [];

    /// <summary><see cref="Write"/>, remembered for this <paramref name="article"/> instance and these addresses.</summary>
    public static string For(ArticlePage article, string url, string? image, string organization, string siteUrl)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (Descriptions.TryGetValue(article, out var known) && known.Matches(url, image, organization, siteUrl))
        {
            return known.Json;
        }

        var json = Write(article, url, image, organization, siteUrl);
        Descriptions.AddOrUpdate(article, new Written(url, image, organization, siteUrl, json));
        return json;
    }

    public static string Write(ArticlePage article, string url, string? image, string organization, string siteUrl)
    {
        ArgumentNullException.ThrowIfNull(article);
        using var buffer = new MemoryStream(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("@context", "https://schema.org");
            json.WriteString("@type", "NewsArticle");
            json.WriteString("headline", article.Title);
            json.WriteString("description", article.Summary);
            json.WriteString("datePublished", article.PublishedAt);
            json.WriteString("dateModified", article.UpdatedAt);
            json.WriteString("mainEntityOfPage", url);
            json.WriteString("url", url);
            if (article.MembersOnly)
            {
                // Google's markup for content behind a membership: not free, and not cloaking.
                json.WriteBoolean("isAccessibleForFree", false);
            }

            if (image is not null)
            {
                json.WriteStartArray("image");
                json.WriteStringValue(image);
                json.WriteEndArray();
            }

            json.WriteStartObject("author");
            json.WriteString("@type", "Organization");
            json.WriteString("name", organization);
            json.WriteEndObject();
            json.WriteStartObject("publisher");
            json.WriteString("@type", "Organization");
            json.WriteString("name", organization);
            json.WriteString("url", siteUrl);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private sealed record Written(string Url, string? Image, string Organization, string SiteUrl, string Json)
    {
        public bool Matches(string url, string? image, string organization, string siteUrl) =>
            Url == url && Image == image && Organization == organization && SiteUrl == siteUrl;
    }
}
