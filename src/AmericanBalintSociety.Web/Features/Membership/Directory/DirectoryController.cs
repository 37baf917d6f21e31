using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Membership.Directory;

/// <summary>The directory page: the query, this page of listings, and whether the visitor may read it at all.</summary>
public sealed record DirectoryPageModel(DirectoryQuery Query, Paged<DirectoryListing>? Listings);

/// <summary><c>/membership/directory</c>: the members who chose to be listed, searchable by name, state and profession.</summary>
public sealed class DirectoryController(MemberDirectory directory) : Controller
{
    [HttpGet("/membership/directory")]
    public async Task<IActionResult> Index([FromQuery] string? name, [FromQuery] string? state, [FromQuery] string? profession, [FromQuery] int page = 1,
        CancellationToken cancellationToken = default)
    {
        var query = new DirectoryQuery(name?.Trim() is { Length: > 0 and <= 100 } n ? n : null, state, profession, Math.Clamp(page, 1, 10_000));
        if (!await directory.CanViewAsync(User, cancellationToken))
        {
            // Members only: a visitor is asked to sign in; a signed-in account without membership is told why (403).
            if (User.Identity?.IsAuthenticated != true)
            {
                return Challenge();
            }

            Response.StatusCode = StatusCodes.Status403Forbidden;
            return View(new DirectoryPageModel(query, null));
        }

        NoStore.Apply(Response);
        return View(new DirectoryPageModel(query, await directory.SearchAsync(query, cancellationToken)));
    }
}
