using System.Globalization;
using System.Text;
using System.Xml;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace AmericanBalintSociety.Web.Features.Seo;

/// <summary><c>/sitemap.xml</c> (every public page and article, with its last change when known) and <c>/robots.txt</c>.</summary>
public sealed class SeoController(NewsService news, SitePages pages, SiteUrls urls) : Controller
{
    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [HttpGet("/sitemap.xml")]
    [OutputCache(PolicyName = NewsCache.PolicyName)]
    public async Task<IActionResult> Sitemap(CancellationToken cancellationToken)
    {
        var articles = await news.AllPublishedAsync(cancellationToken);
        var tags = await news.TagsAsync(cancellationToken);
        var societyPages = await pages.AllPublishedAsync(cancellationToken);
        var newest = articles.Count > 0 ? articles.Max(a => a.UpdatedAt) : (DateTimeOffset?)null;

        // The book, the mailing list and the contact page are pages a search engine should know too; their changes are not tracked, so
        // they carry no date (a wrong date is worse than none).
        var entries = new List<(string Path, DateTimeOffset? LastChange)> { ("/", newest), ("/news", newest), ("/book", null), ("/mailing-list", null), ("/contact", null) };
        entries.AddRange(societyPages.Select(p => ($"/{p.Slug}", (DateTimeOffset?)p.UpdatedAt)));
        entries.AddRange(articles.Select(a => ($"/news/{a.Slug}", (DateTimeOffset?)a.UpdatedAt)));
        entries.AddRange(tags.Select(t => ($"/news/tag/{t.Slug}", (DateTimeOffset?)t.LastChange)));

        using var stream = new MemoryStream();
        await using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, Async = true }))
        {
            await xml.WriteStartDocumentAsync();
            await xml.WriteStartElementAsync(null, "urlset", SitemapNamespace);
            foreach (var (path, lastChange) in entries)
            {
                await xml.WriteStartElementAsync(null, "url", SitemapNamespace);
                await xml.WriteElementStringAsync(null, "loc", SitemapNamespace, urls.Absolute(Request, path).ToString());
                if (lastChange is { } changed)
                {
                    await xml.WriteElementStringAsync(null, "lastmod", SitemapNamespace,
                        changed.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                }

                await xml.WriteEndElementAsync();
            }

            await xml.WriteEndElementAsync();
            await xml.WriteEndDocumentAsync();
        }

        return File(stream.ToArray(), "application/xml; charset=utf-8");
    }

    [HttpGet("/robots.txt")]
    public IActionResult Robots() => Content(
        $"User-agent: *\nDisallow: /admin\nDisallow: /Identity/\n\nSitemap: {urls.Absolute(Request, "/sitemap.xml")}\n",
        "text/plain; charset=utf-8");
}
