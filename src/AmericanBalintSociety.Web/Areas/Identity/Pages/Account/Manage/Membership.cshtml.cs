using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// "Membership" in My account: level, status, paid-through date, automatic renewal (off and on), receipts, the payment
/// card (Stripe's Billing Portal) and renewing or rejoining.
/// </summary>
[Authorize]
public sealed class MembershipModel(MembershipSelfService self, MembershipLevels levels, SiteUrls urls) : PageModel
{
    public MyMembership? Membership { get; private set; }

    /// <summary>Whether the member's level can be joined online (to renew or rejoin at it).</summary>
    public bool LevelOpen { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        Membership = await self.ForAsync(UserId, cancellationToken);
        LevelOpen = Membership is not null && await levels.FindAsync(Membership.LevelId, cancellationToken) is { CanBeJoined: true };
    }

    /// <summary>Turns automatic renewal off or on.</summary>
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> OnPostRenewalAsync(bool renew, CancellationToken cancellationToken)
    {
        var result = await self.SetRenewalAsync(UserId, renew, cancellationToken);
        StatusMessage = result.Succeeded ? result.Message : "Error: " + result.Error;
        return RedirectToPage();
    }

    /// <summary>Opens Stripe's Billing Portal to update the payment card (303 there), coming back to this page.</summary>
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> OnPostCardAsync(CancellationToken cancellationToken)
    {
        var portal = await self.CardPortalAsync(UserId, urls.Absolute(Request, "Identity/Account/Manage/Membership"), cancellationToken);
        if (!portal.Succeeded)
        {
            StatusMessage = "Error: " + portal.Error;
            return RedirectToPage();
        }

        Response.Headers.Location = portal.Value!.AbsoluteUri;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
