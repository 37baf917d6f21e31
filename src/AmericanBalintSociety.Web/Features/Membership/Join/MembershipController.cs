using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Features.Membership.Join;

/// <summary>The levels offered on the membership page, and whether joining online is open.</summary>
public sealed record MembershipPageModel(IReadOnlyList<MembershipLevel> Levels, bool CanJoinOnline);

/// <summary>The join page: the level chosen, its dues, and why this account cannot join now (if so).</summary>
public sealed record JoinPageModel(MembershipLevel Level, string Email, string? Refusal, string? Error);

/// <summary>The page Stripe sends a new member back to: their membership as it now stands.</summary>
public sealed record WelcomePageModel(MyMembership? Membership);

/// <summary>
/// <c>/membership</c>: what membership supports and the levels with their dues; joining (an account is needed: sign in
/// or register on the way and come back here); and the page Stripe's Checkout returns to.
/// </summary>
public sealed class MembershipController(
    MembershipLevels levels, MembershipCheckout checkout, MembershipDues dues, MembershipSelfService self, StripeGateway stripe,
    UserManager<ApplicationUser> users, SiteUrls urls) : Controller
{
    [TempData]
    public string? JoinError { get; set; }

    [HttpGet("/membership")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new MembershipPageModel(await levels.JoinableAsync(cancellationToken), stripe.IsConfigured));

    /// <summary>Confirms the choice before payment: the level, the yearly dues, automatic renewal, the address for the receipt.</summary>
    [Authorize]
    [HttpGet("/membership/join/{levelId:int}")]
    public async Task<IActionResult> Join([FromRoute] int levelId, CancellationToken cancellationToken)
    {
        var level = await levels.FindAsync(levelId, cancellationToken);
        if (level is not { CanBeJoined: true })
        {
            return NotFound();
        }

        var user = await users.GetUserAsync(User);
        if (user?.Email is null)
        {
            return Challenge();
        }

        var refusal = stripe.IsConfigured
            ? await checkout.WhyNotAsync(user.Id, cancellationToken)
            : "Joining online is unavailable at the moment. Please try again later.";
        return View(new JoinPageModel(level, user.Email, refusal, JoinError));
    }

    /// <summary>Starts Stripe Checkout for the level's dues (303 to Stripe), or comes back to the join page with the reason.</summary>
    [Authorize]
    [HttpPost("/membership/join/{levelId:int}")]
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> StartJoin([FromRoute] int levelId, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user?.Email is null)
        {
            return Challenge();
        }

        var started = await checkout.StartAsync(user.Id, user.Email, levelId, urls.Base(Request), cancellationToken);
        if (!started.Succeeded)
        {
            JoinError = started.Error;
            return RedirectToAction(nameof(Join), new { levelId });
        }

        Response.Headers.Location = started.Value!.AbsoluteUri;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>Stripe sends the new member back here; the payment is applied now if the webhook has not done it yet.</summary>
    [Authorize]
    [HttpGet("/membership/welcome")]
    public async Task<IActionResult> Welcome([FromQuery(Name = "session_id")] string? sessionId, CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier)!;
        if (!string.IsNullOrEmpty(sessionId) && sessionId.Length <= 255)
        {
            await dues.SettleOnReturnAsync(userId, sessionId, cancellationToken);
        }

        return View(new WelcomePageModel(await self.ForAsync(userId, cancellationToken)));
    }
}
