using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>A search result: the article or page and the passage that matched, as safe HTML with <c>&lt;mark&gt;</c>.</summary>
public sealed record SearchHit(ArticleKind Kind, string Slug, string Title, DateTimeOffset PublishedAt, string Summary, string SnippetHtml)
{
    /// <summary>Where it is on the site: <c>/news/{slug}</c> for an article, <c>/{slug}</c> for a page.</summary>
    public string Path => Kind is ArticleKind.Page ? $"/{Slug}" : $"/news/{Slug}";
}

/// <summary>
/// One page of search results. <see cref="OlderMatchesLeftOut"/> says more articles match than the search ranks
/// (<see cref="NewsOptions.SearchWindow"/>): the results are the best of the newest matches.
/// </summary>
public sealed record SearchResults(Paged<SearchHit> Hits, bool OlderMatchesLeftOut);

/// <summary>Full-text search over public articles and pages: ranked, newest first among equals.</summary>
public interface IArticleSearch
{
    Task<SearchResults> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken);

    /// <summary>After a bulk change (an import, a re-render): compact the index so searches stay quick.</summary>
    Task OptimizeAsync(CancellationToken cancellationToken);
}
