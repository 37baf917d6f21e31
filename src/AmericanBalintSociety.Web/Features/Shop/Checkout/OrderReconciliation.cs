using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop.Checkout;

/// <summary>
/// Asks Stripe about orders still open a few minutes after checkout and settles them through <see cref="OrderFulfilment"/>,
/// so a missed webhook never loses a paid order; also deletes expired carts.
/// </summary>
public sealed class OrderReconciliation(
    AppDbContext db, StripeGateway stripe, OrderFulfilment fulfilment, CartService carts, TimeProvider clock, IOptions<ShopOptions> options,
    ILogger<OrderReconciliation> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        await carts.DeleteExpiredAsync(cancellationToken);
        if (!stripe.IsConfigured)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var before = now - options.Value.ReconcileAfter;

        // A checkout whose session was never made (Stripe did not answer, and the order was not even cancelled) is over.
        await db.Orders.Where(o => o.Status == OrderStatus.Pending && o.StripeCheckoutSessionId == null && o.CreatedAt <= before)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Cancelled).SetProperty(o => o.CancelledAt, now)
                .SetProperty(o => o.Version, o => o.Version + 1), cancellationToken);

        // The least recently checked first, so orders that stay open for days (a slow bank debit) never crowd out the rest.
        var open = await db.Orders.AsNoTracking()
            .Where(o => (o.Status == OrderStatus.Pending || o.Status == OrderStatus.PaymentProcessing) && o.StripeCheckoutSessionId != null && o.CreatedAt <= before)
            .OrderBy(o => o.ReconciledAt ?? o.CreatedAt).Take(50)
            .Select(o => new { o.Id, o.Number, o.StripeCheckoutSessionId })
            .ToListAsync(cancellationToken);
        var settled = 0;
        foreach (var order in open)
        {
            await db.Orders.Where(o => o.Id == order.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ReconciledAt, now), cancellationToken);
            try
            {
                var fetched = await stripe.GetCheckoutSessionAsync(order.StripeCheckoutSessionId!, cancellationToken);
                switch (fetched.Failure)
                {
                    case null:
                        await fulfilment.ApplySessionAsync(fetched.Value!, "reconciliation", cancellationToken);
                        settled++;
                        break;
                    case { Kind: StripeFailureKind.NotFound }:
                        // Stripe has no such session (e.g. made with other keys): nobody can pay it any more.
                        logger.LogWarning("Reconciliation: Stripe has no session for order {OrderNumber}; cancelling it", order.Number);
                        await fulfilment.CancelAsync(order.Id, "Stripe has no record of this checkout; nothing can be paid on it.", "reconciliation", cancellationToken);
                        break;
                    case var failure:
                        logger.LogWarning(failure.Exception, "Reconciliation could not settle order {OrderNumber} ({Reason}); a later run tries again", order.Number, failure.Message);
                        break;
                }
            }
            catch (DbUpdateException ex)
            {
                logger.LogWarning(ex, "Reconciliation could not settle order {OrderNumber}; a later run tries again", order.Number);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return settled;
    }
}
