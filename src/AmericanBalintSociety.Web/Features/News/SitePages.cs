using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>Everything a page of the society (<c>/about</c>) shows.</summary>
public sealed record SitePage(
    int Id, string Slug, string Title, string Summary, string BodyHtml, DateTimeOffset UpdatedAt, string? CoverImage, string? CoverImageAlt, bool MembersOnly = false)
{
    /// <summary>The page as someone who may not read the body sees it: the body is gone.</summary>
    public SitePage Teaser() => this with { BodyHtml = "" };
}

/// <summary>A published page's address and title, for the sitemap and the menu.</summary>
public sealed record PageLink(int Id, string Slug, string Title, DateTimeOffset UpdatedAt);

/// <summary>What an address at the site's root leads to: a page, a permanent move, or nothing.</summary>
public abstract record PageLookup
{
    public sealed record Found(SitePage Page) : PageLookup;

    public sealed record Moved(string Slug) : PageLookup;

    public sealed record Missing : PageLookup;
}

/// <summary>The society's published pages, as visitors see them (ADR 0014). Cached with the news, emptied on any change.</summary>
public sealed class SitePages(AppDbContext db, TimeProvider clock, NewsCache cache)
{
    public async Task<PageLookup> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var page = await cache.GetOrAddAsync($"page:{slug}", ct => Published()
            .Where(a => a.Slug == slug)
            .Select(a => new SitePage(a.Id, a.Slug, a.Title, a.Summary, a.BodyHtml, a.UpdatedAt, a.CoverImage, a.CoverImageAlt, a.MembersOnly))
            .SingleOrDefaultAsync(ct), cancellationToken);
        if (page is not null)
        {
            return new PageLookup.Found(page);
        }

        var moved = await db.ArticleSlugRedirects.AsNoTracking()
            .Where(r => r.OldSlug == slug)
            .Join(Published(), r => r.ArticleId, a => a.Id, (_, a) => a.Slug)
            .FirstOrDefaultAsync(cancellationToken);
        return moved is null ? new PageLookup.Missing() : new PageLookup.Moved(moved);
    }

    /// <summary>
    /// The addresses of the published pages, from the data cache (emptied on any change), so a page view can link to
    /// /about or /privacy only while they exist, without a query of its own.
    /// </summary>
    public async Task<IReadOnlySet<string>> PublishedSlugsAsync(CancellationToken cancellationToken) =>
        await cache.GetOrAddAsync<HashSet<string>>("published-page-slugs", async ct =>
            new HashSet<string>(await Published().Select(a => a.Slug).ToListAsync(ct), StringComparer.Ordinal), cancellationToken)
        ?? [];

    /// <summary>Every published page, by title.</summary>
    public Task<List<PageLink>> AllPublishedAsync(CancellationToken cancellationToken) =>
        Published()
            .OrderBy(a => a.Title)
            .Select(a => new PageLink(a.Id, a.Slug, a.Title, a.UpdatedAt))
            .ToListAsync(cancellationToken);

    private IQueryable<Article> Published()
    {
        var now = clock.GetUtcNow();
        return db.Articles.AsNoTracking().Where(a => a.Kind == ArticleKind.Page && a.PublishedAt != null && a.PublishedAt <= now);
    }
}
