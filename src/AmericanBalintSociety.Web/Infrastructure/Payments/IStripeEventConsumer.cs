using Stripe;

namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>
/// A feature that acts on Stripe's events (the shop; membership, ADR 0015). <see cref="StripeEventDispatcher"/> verifies
/// nothing and records everything: it records each event id once, in the transaction in which the one consumer that
/// claims the event applies it.
/// </summary>
public interface IStripeEventConsumer
{
    /// <summary>Whether the event is this feature's, by its type and content (e.g. a Checkout Session's mode).</summary>
    bool Handles(Event stripeEvent);

    /// <summary>Applies the event inside the dispatcher's transaction (save nothing outside it).</summary>
    Task<StripeEventOutcome> ApplyAsync(Event stripeEvent, string actor, CancellationToken cancellationToken);
}
