using Stripe;

namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>
/// A feature that acts on Stripe's events (the shop; membership, ADR 0015). <see cref="StripeEventDispatcher"/> verifies
/// nothing and records everything: it records each event id once, in the transaction in which the consumer that claims
/// the event applies it. Where claims overlap (a refunded charge), a consumer that does not know the object answers
/// <see cref="StripeEventOutcome.Unmatched"/> having changed nothing, and the next one is asked.
/// </summary>
public interface IStripeEventConsumer
{
    /// <summary>Whether the event is this feature's, by its type and content (e.g. a Checkout Session's mode).</summary>
    bool Handles(Event stripeEvent);

    /// <summary>
    /// Called before the transaction, and writing nothing: asks Stripe for what applying the event needs beyond the
    /// event itself (the subscription as it is now, since events may arrive late and out of order). Null when nothing is
    /// needed. A failure leaves the event unrecorded and Stripe is asked to deliver it again.
    /// </summary>
    Task<StripeResult<object?>> FetchAsync(Event stripeEvent, CancellationToken cancellationToken) =>
        Task.FromResult(StripeResult<object?>.Of(null));

    /// <summary>Applies the event, with what <see cref="FetchAsync"/> found, inside the dispatcher's transaction (save nothing outside it).</summary>
    Task<StripeEventOutcome> ApplyAsync(Event stripeEvent, object? fetched, string actor, CancellationToken cancellationToken);

}
