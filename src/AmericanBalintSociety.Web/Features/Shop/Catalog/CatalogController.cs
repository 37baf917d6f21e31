using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Shop.Catalog;

/// <summary>The book's page: its formats and prices, from the database.</summary>
[AllowAnonymous]
public sealed class CatalogController(CatalogService catalog) : Controller
{
    [HttpGet("/book")]
    public async Task<IActionResult> Book(CancellationToken cancellationToken)
    {
        var book = await catalog.BookPageAsync(cancellationToken);
        return book is null ? NotFound() : View(book);
    }
}
