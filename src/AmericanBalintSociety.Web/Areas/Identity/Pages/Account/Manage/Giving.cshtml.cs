using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Donations;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>"Giving" in My account: the monthly gift (change the amount, stop it, update the card) and every gift's receipt.</summary>
[Authorize]
public sealed class GivingModel(GiftReceipt receipts, MonthlyGiving monthly, SiteUrls urls) : PageModel
{
    public IReadOnlyList<Gift> Gifts { get; private set; } = [];

    public GiftPlan? Plan { get; private set; }

    /// <summary>The new monthly amount as typed (kept when refused).</summary>
    [BindProperty]
    public string? Dollars { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        await LoadAsync(cancellationToken);
    }

    /// <summary>Changes the monthly amount; refused with the reason by the field (422), what was typed kept.</summary>
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> OnPostAmountAsync(CancellationToken cancellationToken)
    {
        var changed = await monthly.ChangeAmountAsync(UserId, Dollars, User, cancellationToken);
        if (!changed.Succeeded)
        {
            ModelState.AddErrors(changed);
            NoStore.Apply(Response);
            await LoadAsync(cancellationToken);
            Response.StatusCode = changed.Errors.Any(e => e.Field.Length > 0) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status503ServiceUnavailable;
            return Page();
        }

        StatusMessage = changed.Message;
        return RedirectToPage();
    }

    /// <summary>Stops the monthly gift now.</summary>
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> OnPostStopAsync(CancellationToken cancellationToken)
    {
        var stopped = await monthly.CancelMineAsync(UserId, User, cancellationToken);
        StatusMessage = stopped.Succeeded ? stopped.Message : "Error: " + stopped.Error;
        return RedirectToPage();
    }

    /// <summary>Opens Stripe's Billing Portal to update the card the monthly gift is charged to (303 there).</summary>
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> OnPostCardAsync(CancellationToken cancellationToken)
    {
        var portal = await monthly.CardPortalAsync(UserId, urls.Absolute(Request, "Identity/Account/Manage/Giving"), cancellationToken);
        if (!portal.Succeeded)
        {
            StatusMessage = "Error: " + portal.Error;
            return RedirectToPage();
        }

        Response.Headers.Location = portal.Value!.AbsoluteUri;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Plan = await monthly.CurrentAsync(UserId, cancellationToken);
        Gifts = await receipts.ForDonorAsync(UserId, cancellationToken);
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
