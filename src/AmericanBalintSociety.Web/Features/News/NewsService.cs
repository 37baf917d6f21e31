using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>One entry in a list of articles.</summary>
public sealed record ArticleListItem(string Slug, string Title, DateTimeOffset PublishedAt, string Summary);

public sealed record TagLink(string Slug, string Name);

public sealed record ArticleLink(string Slug, string Title);

/// <summary>Everything an article page shows.</summary>
public sealed record ArticlePage(
    int Id,
    string Slug,
    string Title,
    string Summary,
    string BodyHtml,
    DateTimeOffset PublishedAt,
    DateTimeOffset UpdatedAt,
    string? CoverImage,
    string? CoverImageAlt,
    IReadOnlyList<TagLink> Tags,
    ArticleLink? Newer,
    ArticleLink? Older);

/// <summary>What a slug leads to: the article, a permanent move, or nothing.</summary>
public abstract record ArticleLookup
{
    public sealed record Found(ArticlePage Article) : ArticleLookup;

    public sealed record Moved(string Slug) : ArticleLookup;

    public sealed record Missing : ArticleLookup;
}

/// <summary>A feed or sitemap entry.</summary>
public sealed record PublishedArticle(string Slug, string Title, string Summary, DateTimeOffset PublishedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// What visitors can read. An article is public from its publication time on; the check is made in every
/// query, at request time, so a scheduled article appears at its moment without any job running.
/// </summary>
public sealed class NewsService(AppDbContext db, TimeProvider clock, IArticleSearch search, NewsCache cache)
{
    public const int PageSize = 10;
    public const int FeedSize = 20;

    public Task<List<ArticleListItem>> LatestAsync(int count, CancellationToken cancellationToken) =>
        Published()
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(count)
            .Select(a => new ArticleListItem(a.Slug, a.Title, a.PublishedAt!.Value, a.Summary))
            .ToListAsync(cancellationToken);

    public Task<Paged<ArticleListItem>> ListAsync(int page, CancellationToken cancellationToken) =>
        PageAsync(Published(), page, cancellationToken);

    /// <summary>The tag's name and its page of articles; null when no public article has the tag.</summary>
    public async Task<(string Name, Paged<ArticleListItem> Articles)?> ByTagAsync(string tag, int page, CancellationToken cancellationToken)
    {
        // One range of the (Slug, PublishedAt) index: the tag rows carry their article's publication time.
        var now = clock.GetUtcNow();
        var tagged = db.ArticleTags.AsNoTracking().Where(t => t.Slug == tag && t.PublishedAt != null && t.PublishedAt <= now);
        var total = await tagged.CountAsync(cancellationToken);
        if (total == 0)
        {
            return null;
        }

        var rows = await tagged
            .OrderByDescending(t => t.PublishedAt).ThenByDescending(t => t.ArticleId)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Join(db.Articles, t => t.ArticleId, a => a.Id, (t, a) => new { TagName = t.Name, t.PublishedAt, t.ArticleId, a.Slug, a.Title, a.Summary })
            .OrderByDescending(x => x.PublishedAt).ThenByDescending(x => x.ArticleId)
            .Select(x => new { x.TagName, Item = new ArticleListItem(x.Slug, x.Title, x.PublishedAt!.Value, x.Summary) })
            .ToListAsync(cancellationToken);
        var name = rows.Count > 0
            ? rows[0].TagName
            : await db.ArticleTags.AsNoTracking().Where(t => t.Slug == tag).Select(t => t.Name).FirstAsync(cancellationToken);
        return (name, new Paged<ArticleListItem>(rows.Select(r => r.Item).ToList(), page, PageSize, total));
    }

    public Task<SearchResults> SearchAsync(string query, int page, CancellationToken cancellationToken) =>
        search.SearchAsync(query, page, PageSize, cancellationToken);

    public async Task<ArticleLookup> FindAsync(string slug, CancellationToken cancellationToken)
    {
        var page = await cache.GetOrAddAsync($"article:{slug}", ct => LoadAsync(slug, ct), cancellationToken);
        if (page is not null)
        {
            return new ArticleLookup.Found(page);
        }

        // An address the article used to have moves permanently, once the article is public.
        var moved = await db.ArticleSlugRedirects.AsNoTracking()
            .Where(r => r.OldSlug == slug)
            .Join(Published(), r => r.ArticleId, a => a.Id, (_, a) => a.Slug)
            .FirstOrDefaultAsync(cancellationToken);
        return moved is null ? new ArticleLookup.Missing() : new ArticleLookup.Moved(moved);
    }

    private async Task<ArticlePage?> LoadAsync(string slug, CancellationToken cancellationToken)
    {
        var article = await Published()
            .Where(a => a.Slug == slug)
            .Select(a => new
            {
                a.Id, a.Slug, a.Title, a.Summary, a.BodyHtml, a.PublishedAt, a.UpdatedAt, a.CoverImage, a.CoverImageAlt,
                Tags = a.Tags.OrderBy(t => t.Name).Select(t => new TagLink(t.Slug, t.Name)).ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);

        if (article is null)
        {
            return null;
        }

        var published = article.PublishedAt!.Value;
        var newer = await Published()
            .Where(a => a.PublishedAt > published || (a.PublishedAt == published && a.Id > article.Id))
            .OrderBy(a => a.PublishedAt).ThenBy(a => a.Id)
            .Select(a => new ArticleLink(a.Slug, a.Title))
            .FirstOrDefaultAsync(cancellationToken);
        var older = await Published()
            .Where(a => a.PublishedAt < published || (a.PublishedAt == published && a.Id < article.Id))
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Select(a => new ArticleLink(a.Slug, a.Title))
            .FirstOrDefaultAsync(cancellationToken);

        return new ArticlePage(
            article.Id, article.Slug, article.Title, article.Summary, article.BodyHtml, published, article.UpdatedAt,
            article.CoverImage, article.CoverImageAlt, article.Tags, newer, older);
    }

    /// <summary>The latest public articles, for the feed.</summary>
    public Task<List<PublishedArticle>> FeedAsync(CancellationToken cancellationToken) =>
        Published()
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(FeedSize)
            .Select(a => new PublishedArticle(a.Slug, a.Title, a.Summary, a.PublishedAt!.Value, a.UpdatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Every public article, for the sitemap.</summary>
    public Task<List<PublishedArticle>> AllPublishedAsync(CancellationToken cancellationToken) =>
        Published()
            .OrderByDescending(a => a.PublishedAt)
            .Select(a => new PublishedArticle(a.Slug, a.Title, "", a.PublishedAt!.Value, a.UpdatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Every tag of a public article, with when its newest article changed, for the sitemap.</summary>
    public async Task<List<(string Slug, DateTimeOffset LastChange)>> TagsAsync(CancellationToken cancellationToken)
    {
        var rows = await db.ArticleTags.AsNoTracking()
            .Join(Published(), t => t.ArticleId, a => a.Id, (t, a) => new { t.Slug, a.UpdatedAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.Slug, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Max(r => r.UpdatedAt)))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .ToList();
    }

    private IQueryable<Article> Published()
    {
        var now = clock.GetUtcNow();
        return db.Articles.AsNoTracking().Where(a => a.PublishedAt != null && a.PublishedAt <= now);
    }

    private static async Task<Paged<ArticleListItem>> PageAsync(IQueryable<Article> articles, int page, CancellationToken cancellationToken)
    {
        var total = await articles.CountAsync(cancellationToken);
        var items = await articles
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(a => new ArticleListItem(a.Slug, a.Title, a.PublishedAt!.Value, a.Summary))
            .ToListAsync(cancellationToken);
        return new Paged<ArticleListItem>(items, page, PageSize, total);
    }
}
