using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>The /donate page: the form (as typed, with its errors), the preset amounts and the limits.</summary>
public sealed record DonatePageModel(GiftForm Form, IReadOnlyList<int> Presets, int MinimumDollars, int MaximumDollars, string? Error, bool SignedIn);

/// <summary>The thank-you page: a gift made once, or a monthly gift with its first payment (once Stripe has said so).</summary>
public sealed record DonationThanks(Gift? Gift, GiftPlan? Plan);

/// <summary>
/// Giving to the society (issue 17): the form, Stripe Checkout, the thank-you page (settling the gift if the webhook has
/// not), and the printable receipt behind its unguessable link.
/// </summary>
public sealed class DonationsController(
    DonationCheckout checkout, GiftFulfilment fulfilment, GiftPlanFulfilment plans, GiftReceipt receipts, UserManager<ApplicationUser> users, SiteUrls urls, GiftAmounts amounts, IOptions<DonationOptions> options)
    : Controller
{
    /// <summary>The form; <c>?frequency=monthly&amp;amount=50</c> (the way back from signing in) chooses for the donor.</summary>
    [HttpGet("/donate")]
    public async Task<IActionResult> Index([FromQuery] string? frequency, [FromQuery] string? amount, CancellationToken cancellationToken)
    {
        var presets = (await amounts.PresetsAsync(cancellationToken)).Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var chosen = amount is not null && presets.Contains(amount) ? amount : presets[Math.Min(1, presets.Count - 1)];
        return View(await PageAsync(new GiftForm { Amount = chosen, Frequency = frequency == "monthly" ? "monthly" : "once" }, null, cancellationToken));
    }

    /// <summary>Starts Stripe Checkout (303 there), or shows the form again as typed with the reason by its field (422).</summary>
    [HttpPost("/donate")]
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> Give([FromForm] GiftForm form, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", await PageAsync(form, null, cancellationToken));
        }

        var user = User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(User) : null;
        var started = await checkout.StartAsync(form, user?.Id, user?.Email, user?.DisplayName, urls.Base(Request), cancellationToken);
        if (!started.Succeeded)
        {
            ModelState.AddErrors(started);
            Response.StatusCode = started.Errors.Any(e => e.Field.Length > 0) ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status503ServiceUnavailable;
            return View("Index", await PageAsync(form, started.Errors.FirstOrDefault(e => e.Field.Length == 0)?.Message, cancellationToken));
        }

        Response.Headers.Location = started.Value!.AbsoluteUri;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Stripe sends the donor back here; the gift is settled now if the webhook has not done it yet.</summary>
    [HttpGet("/donate/thanks")]
    public async Task<IActionResult> Thanks([FromQuery(Name = "session_id")] string? sessionId, CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 255)
        {
            return NotFound();
        }

        if (await fulfilment.SettleOnReturnAsync(sessionId, cancellationToken) is { } gift)
        {
            return View(new DonationThanks(gift, null));
        }

        var plan = await plans.SettleOnReturnAsync(sessionId, cancellationToken);
        return plan is null ? NotFound() : View(new DonationThanks(await receipts.FirstOfPlanAsync(plan.Id, cancellationToken), plan));
    }

    /// <summary>The printable receipt of a paid gift, for whoever holds its link (the donor's mail, My account).</summary>
    [HttpGet("/donate/receipt/{token}")]
    public async Task<IActionResult> Receipt(string token, CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        var gift = await receipts.FindAsync(token, cancellationToken);
        return gift is null ? NotFound() : View(gift);
    }

    private async Task<DonatePageModel> PageAsync(GiftForm form, string? error, CancellationToken cancellationToken) =>
        new(form, await amounts.PresetsAsync(cancellationToken), options.Value.MinimumDollars, options.Value.MaximumDollars, error, User.Identity?.IsAuthenticated == true);
}
