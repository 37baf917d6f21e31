using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>One entry in a list of articles (the news pages, the home page's cards), with its cover if it has one.</summary>
public sealed record ArticleListItem(string Slug, string Title, DateTimeOffset PublishedAt, string Summary, string? CoverImage, string? CoverImageAlt);

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
    ArticleLink? Older,
    bool MembersOnly = false)
{
    /// <summary>The page as someone who may not read the body sees it: title, summary, cover, tags; the body is gone.</summary>
    public ArticlePage Teaser() => this with { BodyHtml = "" };
}

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
/// What visitors can read of the news (pages are <see cref="SitePages"/>). An article is public from its publication time on; the check is made in every
/// query, at request time, so a scheduled article appears at its moment without any job running.
/// </summary>
public sealed class NewsService(AppDbContext db, TimeProvider clock, IArticleSearch search, NewsCache cache)
{
    public const int PageSize = 10;
    public const int FeedSize = 20;

    /// <summary>The newest public articles with their covers, for the home page's cards.</summary>
    public Task<List<ArticleListItem>> LatestCardsAsync(int count, CancellationToken cancellationToken) =>
        Published()
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Take(count)
            .Select(a => new ArticleListItem(a.Slug, a.Title, a.PublishedAt!.Value, a.Summary, a.CoverImage, a.CoverImageAlt))
            .ToListAsync(cancellationToken);

    public Task<PageOf<ArticleListItem>> ListAsync(int page, CancellationToken cancellationToken) =>
        PageAsync(Published(), page, cancellationToken);

    /// <summary>The tag's name and its page of articles; null when no public article has the tag.</summary>
    public async Task<(string Name, PageOf<ArticleListItem> Articles)?> ByTagAsync(string tag, int page, CancellationToken cancellationToken)
    {
        // One range of the (Slug, PublishedAt) index: the tag rows carry their article's publication time.
        var now = clock.GetUtcNow();
        var tagged = db.ArticleTags.AsNoTracking().Where(t => t.Slug == tag && t.PublishedAt != null && t.PublishedAt <= now);
        var rows = await tagged
            .OrderByDescending(t => t.PublishedAt).ThenByDescending(t => t.ArticleId)
            .Skip((page - 1) * PageSize)
            .Take(PageSize + 1)
            .Join(db.Articles, t => t.ArticleId, a => a.Id, (t, a) => new { TagName = t.Name, t.PublishedAt, t.ArticleId, a.Slug, a.Title, a.Summary, a.CoverImage, a.CoverImageAlt })
            .OrderByDescending(x => x.PublishedAt).ThenByDescending(x => x.ArticleId)
            .Select(x => new { x.TagName, Item = new ArticleListItem(x.Slug, x.Title, x.PublishedAt!.Value, x.Summary, x.CoverImage, x.CoverImageAlt) })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null; // no public article has the tag, or the page is past the end
        }

        return (rows[0].TagName, Paged.Of(rows.Select(r => r.Item).ToList(), page, PageSize));
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
        // Two compiled queries (no LINQ translation per view): the article with its neighbours, then its tags.
        var article = await ArticleWithNeighbours(db, slug, clock.GetUtcNow(), cancellationToken);
        if (article is null)
        {
            return null;
        }

        var tags = new List<TagLink>();
        await foreach (var tag in TagsOf(db, article.Id).WithCancellation(cancellationToken))
        {
            tags.Add(tag);
        }

        return new ArticlePage(
            article.Id, article.Slug, article.Title, article.Summary, article.BodyHtml, article.PublishedAt!.Value, article.UpdatedAt,
            article.CoverImage, article.CoverImageAlt, tags,
            article.NewerSlug is null ? null : new ArticleLink(article.NewerSlug, article.NewerTitle!),
            article.OlderSlug is null ? null : new ArticleLink(article.OlderSlug, article.OlderTitle!),
            article.MembersOnly);
    }

    /// <summary>
    /// A public article by slug, with the next newer and next older public article (publication time, then id).
    /// Each neighbour is a scalar subquery written as a range on <c>PublishedAt</c> (then a filter), so SQLite
    /// seeks the publication index instead of scanning it.
    /// </summary>
    private static readonly Func<AppDbContext, string, DateTimeOffset, CancellationToken, Task<ArticleRow?>> ArticleWithNeighbours =
        EF.CompileAsyncQuery((AppDbContext db, string slug, DateTimeOffset now, CancellationToken _) =>
            db.Articles.AsNoTracking()
                .Where(a => a.Kind == ArticleKind.Article && a.PublishedAt != null && a.PublishedAt <= now && a.Slug == slug)
                .Select(a => new ArticleRow
                {
                    Id = a.Id,
                    Slug = a.Slug,
                    Title = a.Title,
                    Summary = a.Summary,
                    BodyHtml = a.BodyHtml,
                    PublishedAt = a.PublishedAt,
                    UpdatedAt = a.UpdatedAt,
                    CoverImage = a.CoverImage,
                    CoverImageAlt = a.CoverImageAlt,
                    MembersOnly = a.MembersOnly,
                    NewerSlug = db.Articles
                        .Where(n => n.Kind == ArticleKind.Article && n.PublishedAt <= now && n.PublishedAt >= a.PublishedAt && (n.PublishedAt > a.PublishedAt || n.Id > a.Id))
                        .OrderBy(n => n.PublishedAt).ThenBy(n => n.Id).Select(n => n.Slug).FirstOrDefault(),
                    NewerTitle = db.Articles
                        .Where(n => n.Kind == ArticleKind.Article && n.PublishedAt <= now && n.PublishedAt >= a.PublishedAt && (n.PublishedAt > a.PublishedAt || n.Id > a.Id))
                        .OrderBy(n => n.PublishedAt).ThenBy(n => n.Id).Select(n => n.Title).FirstOrDefault(),
                    OlderSlug = db.Articles
                        .Where(o => o.Kind == ArticleKind.Article && o.PublishedAt != null && o.PublishedAt <= a.PublishedAt && (o.PublishedAt < a.PublishedAt || o.Id < a.Id))
                        .OrderByDescending(o => o.PublishedAt).ThenByDescending(o => o.Id).Select(o => o.Slug).FirstOrDefault(),
                    OlderTitle = db.Articles
                        .Where(o => o.Kind == ArticleKind.Article && o.PublishedAt != null && o.PublishedAt <= a.PublishedAt && (o.PublishedAt < a.PublishedAt || o.Id < a.Id))
                        .OrderByDescending(o => o.PublishedAt).ThenByDescending(o => o.Id).Select(o => o.Title).FirstOrDefault(),
                })
                .SingleOrDefault());

    private static readonly Func<AppDbContext, int, IAsyncEnumerable<TagLink>> TagsOf =
        EF.CompileAsyncQuery((AppDbContext db, int articleId) =>
            db.ArticleTags.AsNoTracking().Where(t => t.ArticleId == articleId).OrderBy(t => t.Name).Select(t => new TagLink(t.Slug, t.Name)));

    private sealed class ArticleRow
    {
        public int Id { get; init; }

        public string Slug { get; init; } = "";

        public string Title { get; init; } = "";

        public string Summary { get; init; } = "";

        public string BodyHtml { get; init; } = "";

        public DateTimeOffset? PublishedAt { get; init; }

        public DateTimeOffset UpdatedAt { get; init; }

        public string? CoverImage { get; init; }

        public string? CoverImageAlt { get; init; }

        public bool MembersOnly { get; init; }

        public string? NewerSlug { get; init; }

        public string? NewerTitle { get; init; }

        public string? OlderSlug { get; init; }

        public string? OlderTitle { get; init; }
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
        return db.Articles.AsNoTracking().Where(a => a.Kind == ArticleKind.Article && a.PublishedAt != null && a.PublishedAt <= now);
    }

    private static async Task<PageOf<ArticleListItem>> PageAsync(IQueryable<Article> articles, int page, CancellationToken cancellationToken)
    {
        // Not counted: one row past the page says whether there is an older one (a count reads every article).
        var rows = await articles
            .OrderByDescending(a => a.PublishedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(a => new ArticleListItem(a.Slug, a.Title, a.PublishedAt!.Value, a.Summary, a.CoverImage, a.CoverImageAlt))
            .ToListAsync(cancellationToken);
        return Paged.Of(rows, page, PageSize);
    }
}
