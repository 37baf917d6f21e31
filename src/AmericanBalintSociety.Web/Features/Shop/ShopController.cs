using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop;

public sealed record CartPageViewModel(CartView Cart, string? OrderingUnavailable, string? Message, bool IsError);

public sealed record SuccessViewModel(Order? Order);

/// <summary>The book page, the cart, checkout and its return page. Prices always come from the database.</summary>
[AllowAnonymous]
public sealed class ShopController(
    CatalogService catalog, CartService carts, CheckoutService checkout, OrderFulfilment fulfilment,
    UserManager<ApplicationUser> users, SiteUrls urls, IOptions<StripeOptions> stripeOptions) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    [HttpGet("/book")]
    public async Task<IActionResult> Book(CancellationToken cancellationToken)
    {
        var book = await catalog.BookPageAsync(cancellationToken);
        return book is null ? NotFound() : View(book);
    }

    [HttpGet("/cart")]
    public async Task<IActionResult> Cart(CancellationToken cancellationToken)
    {
        Response.Headers.CacheControl = "no-store";
        return View(new CartPageViewModel(await carts.ViewAsync(cancellationToken), StripeGateway.Unavailable(stripeOptions.Value) is null ? null : "Ordering is unavailable at the moment: you can fill your cart, but not check out. Please try again later.", Message, MessageIsError));
    }

    [HttpPost("/cart/add")]
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> Add([FromForm] string sku, CancellationToken cancellationToken)
    {
        return Done(await carts.AddAsync(sku ?? "", cancellationToken));
    }

    [HttpPost("/cart/lines/{lineId:int}")]
    public async Task<IActionResult> Update(int lineId, [FromForm] int quantity, CancellationToken cancellationToken)
    {
        return Done(await carts.UpdateAsync(lineId, quantity, cancellationToken));
    }

    [HttpPost("/cart/lines/{lineId:int}/remove")]
    public async Task<IActionResult> Remove(int lineId, CancellationToken cancellationToken)
    {
        await carts.RemoveAsync(lineId, cancellationToken);
        return Done("The item was removed from your cart.", isError: false);
    }

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
            return Done(result.Error!, isError: true);
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
        if (order is null)
        {
            return NotFound();
        }

        return View(new SuccessViewModel(order));
    }

    private RedirectResult Done(Result result) => Done(result.Succeeded ? result.Message! : result.Error!, !result.Succeeded);

    private RedirectResult Done(string message, bool isError)
    {
        Message = message;
        MessageIsError = isError;
        return Redirect("/cart");
    }
}

/// <summary>
/// Stripe's webhook. The raw body's signature is verified (400 and a log line when it fails or is too old); each event
/// id takes effect once; a repeat answers 200 with no effect.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // Stripe's signature is the check here
public sealed class StripeWebhookController(StripeGateway stripe, OrderFulfilment fulfilment, ILogger<StripeWebhookController> logger) : Controller
{
    private const int MaxBodyBytes = 512 * 1024;

    [HttpPost("/webhooks/stripe")]
    [RequestSizeLimit(MaxBodyBytes)]
    public async Task<IActionResult> Receive(CancellationToken cancellationToken)
    {
        string json;
        using (var reader = new StreamReader(Request.Body))
        {
            json = await reader.ReadToEndAsync(cancellationToken);
        }

        var read = stripe.ReadWebhook(json, Request.Headers["Stripe-Signature"].ToString());
        switch (read.Failure)
        {
            case { Kind: StripeFailureKind.NotConfigured }:
                logger.LogError("A Stripe webhook arrived but Stripe:WebhookSecret is not set; answering 503 so Stripe retries");
                return StatusCode(StatusCodes.Status503ServiceUnavailable);
            case { } failure:
                logger.LogWarning("Stripe webhook refused: {Reason}", failure.Message);
                return BadRequest();
        }

        var stripeEvent = read.Value!;
        var outcome = await fulfilment.HandleEventAsync(stripeEvent, cancellationToken);
        logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome}", stripeEvent.Id, stripeEvent.Type, outcome);
        return Ok();
    }
}

/// <summary>Ebook downloads: the signed link from the mail or "My orders"; anything not allowed answers 404.</summary>
[AllowAnonymous]
public sealed class DownloadsController(EbookDownloads downloads) : Controller
{
    [HttpGet("/orders/{number}/download/{token}")]
    public async Task<IActionResult> Download(string number, string token, CancellationToken cancellationToken)
    {
        var file = await downloads.RedeemAsync(number, token, cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "no-store";
        Response.Headers.XContentTypeOptions = "nosniff";
        return PhysicalFile(file.Path, file.ContentType, file.DownloadName); // Content-Disposition: attachment
    }
}
