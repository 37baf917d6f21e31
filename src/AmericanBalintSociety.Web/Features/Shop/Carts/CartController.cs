using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

public sealed record CartPageViewModel(CartView Cart, string? OrderingUnavailable, string? Message, bool IsError);

/// <summary>The cart: add, change and remove lines (prices are never posted; they come from the database).</summary>
[AllowAnonymous]
public sealed class CartController(CartService carts, IOptions<StripeOptions> stripeOptions) : Controller
{
    /// <summary>What the last cart or checkout action said, shown once on the cart page.</summary>
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    [HttpGet("/cart")]
    public async Task<IActionResult> Cart(CancellationToken cancellationToken)
    {
        // Never cached: the page is one visitor's cart. The same headers antiforgery sets for the page's forms.
        Response.Headers.CacheControl = "no-cache, no-store";
        Response.Headers.Pragma = "no-cache";
        var unavailable = StripeGateway.Unavailable(stripeOptions.Value) is null
            ? null
            : "Ordering is unavailable at the moment: you can fill your cart, but not check out. Please try again later.";
        return View(new CartPageViewModel(await carts.ViewAsync(cancellationToken), unavailable, Message, MessageIsError));
    }

    [HttpPost("/cart/add")]
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> Add([FromForm] string sku, CancellationToken cancellationToken) =>
        Done(await carts.AddAsync(sku ?? "", cancellationToken));

    [HttpPost("/cart/lines/{lineId:int}")]
    public async Task<IActionResult> Update(int lineId, [FromForm] int quantity, CancellationToken cancellationToken) =>
        Done(await carts.UpdateAsync(lineId, quantity, cancellationToken));

    [HttpPost("/cart/lines/{lineId:int}/remove")]
    public async Task<IActionResult> Remove(int lineId, CancellationToken cancellationToken)
    {
        await carts.RemoveAsync(lineId, cancellationToken);
        return Done(Result.Success("The item was removed from your cart."));
    }

    private RedirectResult Done(Result result)
    {
        Message = result.Succeeded ? result.Message : result.Error;
        MessageIsError = !result.Succeeded;
        return Redirect("/cart");
    }
}
