using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// The society's pages at the site's root (<c>/about</c>). The route is a single parameter segment, so every literal
/// route of the site (<c>/news</c>, <c>/book</c>…) wins over it, and the editor refuses those addresses for a page;
/// it matches only a valid address, so a file in wwwroot (<c>/google1234.html</c>) is still served.
/// </summary>
[OutputCache(PolicyName = NewsCache.PolicyName)]
public sealed class PagesController(SitePages pages, MembersOnlyAccess access, PageShells shells) : Controller
{
    [HttpGet("/{slug:slug}")]
    public async Task<IActionResult> Show(string slug, CancellationToken cancellationToken) =>
        await pages.FindAsync(slug, cancellationToken) switch
        {
            PageLookup.Found { Page.MembersOnly: true } found => await MembersOnly.CanReadAsync(access, this, cancellationToken)
                ? shells.Serve(found.Page, "reader", View("Page", found.Page))
                : shells.Serve(found.Page, "teaser", View("Page", found.Page.Teaser())),
            PageLookup.Found found => shells.Serve(found.Page, "open", View("Page", found.Page)),
            PageLookup.Moved moved => RedirectPermanent($"/{moved.Slug}"),
            _ => NotFound(),
        };
}
