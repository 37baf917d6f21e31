using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>
/// Stripe's webhook, one endpoint for every feature (ADR 0015). The raw body's signature is verified (400 and a log
/// line when it fails or is too old); <see cref="StripeEventDispatcher"/> gives each event id one effect, through the
/// feature that claims it; a repeat answers 200 with no effect.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken] // Stripe's signature is the check here
public sealed class StripeWebhookController(
    StripeGateway stripe, StripeEventDispatcher dispatcher, SecurityEventLog events, ILogger<StripeWebhookController> logger) : Controller
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
                events.Write(HttpContext, SecurityEvent.WebhookSignatureRejected, failure.Message);
                return BadRequest();
        }

        var stripeEvent = read.Value!;
        var outcome = await dispatcher.HandleAsync(stripeEvent, cancellationToken);
        logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome}", stripeEvent.Id, stripeEvent.Type, outcome);
        return outcome == StripeEventOutcome.Retry ? StatusCode(StatusCodes.Status503ServiceUnavailable) : Ok();
    }
}
