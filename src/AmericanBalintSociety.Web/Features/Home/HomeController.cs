using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shop.Catalog;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Home;

public sealed record HomeViewModel(IReadOnlyList<ArticleListItem> LatestNews, BookSummary? Book);

public sealed class HomeController(NewsService news, CatalogService catalog) : Controller
{
    public const int LatestNewsCount = 3;

    [HttpGet("/")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new HomeViewModel(
            await news.LatestCardsAsync(LatestNewsCount, cancellationToken),
            await catalog.FeaturedBookAsync(cancellationToken)));
}
