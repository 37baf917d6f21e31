using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Features.Shop.Checkout;

public sealed record SuccessViewModel(Order? Order);

/// <summary>Checkout (the order and its Stripe Checkout Session) and the page Stripe sends the buyer back to.</summary>
[AllowAnonymous]
public sealed class CheckoutController(
    CheckoutService checkout, OrderFulfilment fulfilment, UserManager<ApplicationUser> users, SiteUrls urls) : Controller
{
    /// <summary>Shown on the cart page when checkout cannot start.</summary>
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    /// <summary>Creates the order and the Stripe Checkout Session, then sends the buyer to Stripe (303).</summary>
    [HttpPost("/checkout")]
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> Checkout(CancellationToken cancellationToken)
    {
        string? email = null;
        if (User.Identity?.IsAuthenticated == true)
        {
            email = (await users.GetUserAsync(User))?.Email;
        }

        var result = await checkout.StartAsync(User, email, urls.Base(Request), cancellationToken);
        if (!result.Succeeded)
        {
            Message = result.Error;
            MessageIsError = true;
            return Redirect("/cart");
        }

        Response.Headers.Location = result.Value!.AbsoluteUri;
        return StatusCode(StatusCodes.Status303SeeOther);
    }

    /// <summary>
    /// Stripe sends the buyer back here. If the webhook has not arrived yet, the session is fetched from Stripe and
    /// applied through the same path as the webhook, so the page shows the truth.
    /// </summary>
    [HttpGet("/checkout/success")]
    public async Task<IActionResult> Success([FromQuery(Name = "session_id")] string? sessionId, CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 255)
        {
            return NotFound();
        }

        var order = await fulfilment.SettleOnReturnAsync(sessionId, cancellationToken);
        return order is null ? NotFound() : View(new SuccessViewModel(order));
    }
}
