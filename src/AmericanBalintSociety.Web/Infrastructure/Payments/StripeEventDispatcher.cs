using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>
/// A verified Stripe event, whoever it concerns: recorded once (the <c>StripeEvents</c> table) in the same transaction as
/// its effect, which the <see cref="IStripeEventConsumer"/> claiming it applies (when several claim it, the first that
/// knows what it names). A repeat, or the same event delivered
/// twice at once, has no effect; an event no consumer claims is recorded and ignored; an event naming something not
/// (yet) known, or one whose consumer could not ask Stripe for the current state, is left unrecorded so a redelivery
/// can still apply it.
/// </summary>
public sealed class StripeEventDispatcher(
    AppDbContext db, IEnumerable<IStripeEventConsumer> consumers, TimeProvider clock, ILogger<StripeEventDispatcher> logger)
{
    public async Task<StripeEventOutcome> HandleAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        if (await db.StripeEvents.AnyAsync(e => e.Id == stripeEvent.Id, cancellationToken))
        {
            return StripeEventOutcome.Duplicate;
        }

        // Usually one feature claims an event; a refunded charge may be the shop's or membership's, and only the one
        // that knows the payment applies it (the others answer Unmatched).
        var actor = $"Stripe ({stripeEvent.Type})";
        var claimants = new List<(IStripeEventConsumer Consumer, object? Fetched)>();
        foreach (var consumer in consumers.Where(c => c.Handles(stripeEvent)))
        {
            var fetch = await consumer.FetchAsync(stripeEvent, cancellationToken);
            if (fetch.Failure is { } failure)
            {
                logger.LogWarning(failure.Exception, "Stripe event {EventId} ({Type}) left for redelivery: Stripe could not be asked ({Reason})",
                    stripeEvent.Id, stripeEvent.Type, failure.Message);
                return StripeEventOutcome.Retry;
            }

            claimants.Add((consumer, fetch.Value));
        }

        StripeEventOutcome applied;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    applied = await db.RunInTransactionAsync(async () =>
                    {
                        if (await db.StripeEvents.AnyAsync(e => e.Id == stripeEvent.Id, cancellationToken))
                        {
                            return StripeEventOutcome.Duplicate;
                        }

                        var record = db.StripeEvents.Add(new StripeEventRecord { Id = stripeEvent.Id, Type = stripeEvent.Type, ReceivedAt = clock.GetUtcNow() });
                        var outcome = claimants.Count == 0 ? StripeEventOutcome.Ignored : StripeEventOutcome.Unmatched;
                        foreach (var (consumer, fetched) in claimants)
                        {
                            outcome = await consumer.ApplyAsync(stripeEvent, fetched, actor, cancellationToken);
                            if (outcome != StripeEventOutcome.Unmatched)
                            {
                                break;
                            }
                        }

                        if (outcome == StripeEventOutcome.Unmatched)
                        {
                            record.State = EntityState.Detached;
                        }

                        return outcome;
                    }, cancellationToken);
                    break;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 3)
                {
                    db.ChangeTracker.Clear(); // a staff edit or the reconciliation changed the same row: read it again
                }
            }
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && DbErrors.IsUniqueViolation(ex))
        {
            // The same event, delivered in parallel, was recorded by the other request first.
            db.ChangeTracker.Clear();
            return StripeEventOutcome.Duplicate;
        }

        return applied;
    }
}
