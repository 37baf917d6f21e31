using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Features.News;

public sealed record NewsListViewModel(string Heading, PageOf<ArticleListItem> Articles, string BasePath, string? TagSlug);

public sealed record SearchViewModel(string? Query, SearchResults? Results);

[Route("news")]
[OutputCache(PolicyName = NewsCache.PolicyName)]
public sealed class NewsController(NewsService news, MembersOnlyAccess access, PageShells shells) : Controller
{
    /// <summary>No list goes this deep; a larger page number would overflow the row offset.</summary>
    private const int MaxPage = 100_000;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        if (page is < 1 or > MaxPage)
        {
            return NotFound();
        }

        var articles = await news.ListAsync(page, cancellationToken);
        return articles.IsOutOfRange ? NotFound() : View(new NewsListViewModel("News", articles, "/news", null));
    }

    [HttpGet("tag/{tag}")]
    public async Task<IActionResult> Tag(string tag, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        if (page is < 1 or > MaxPage || !Slugs.IsValid(tag))
        {
            return NotFound();
        }

        var tagged = await news.ByTagAsync(tag, page, cancellationToken);
        if (tagged is not { } found || found.Articles.IsOutOfRange)
        {
            return NotFound();
        }

        return View("Index", new NewsListViewModel($"News tagged “{found.Name}”", found.Articles, $"/news/tag/{tag}", tag));
    }

    [HttpGet("search")]
    [EnableRateLimiting(RateLimitPolicies.Search)]
    public async Task<IActionResult> Search([FromQuery] string? q, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        if (page is < 1 or > MaxPage)
        {
            return NotFound();
        }

        var query = q?.Trim();
        if (string.IsNullOrEmpty(query))
        {
            return View(new SearchViewModel(null, null));
        }

        if (query.Length > 200)
        {
            query = query[..200];
        }

        var results = await news.SearchAsync(query, page, cancellationToken);
        return results.Hits.IsOutOfRange ? NotFound() : View(new SearchViewModel(query, results));
    }

    [HttpGet("feed.xml")]
    public async Task<IActionResult> Feed([FromServices] NewsFeed feed, CancellationToken cancellationToken) =>
        File(await feed.RssAsync(Request, cancellationToken), "application/rss+xml; charset=utf-8");

    [HttpGet("{slug}")]
    public async Task<IActionResult> Article(string slug, CancellationToken cancellationToken)
    {
        if (!Slugs.IsValid(slug))
        {
            return NotFound();
        }

        // A signed-in reader's page is the same for every reader but for the header's account links: served from a
        // shell made once per version of the article (PageShells), as the output cache serves everyone else.
        return await news.FindAsync(slug, cancellationToken) switch
        {
            ArticleLookup.Found { Article.MembersOnly: true } found => await MembersOnly.CanReadAsync(access, this, cancellationToken)
                ? shells.Serve(found.Article, "reader", View(found.Article))
                : shells.Serve(found.Article, "teaser", View(found.Article.Teaser())),
            ArticleLookup.Found found => shells.Serve(found.Article, "open", View(found.Article)),
            ArticleLookup.Moved moved => RedirectPermanent($"/news/{moved.Slug}"),
            _ => NotFound(),
        };
    }
}
