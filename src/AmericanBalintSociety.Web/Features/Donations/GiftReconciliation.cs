using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// Asks Stripe about gifts still pending some minutes after their checkout started and settles them through
/// <see cref="GiftFulfilment"/>, so a missed webhook never loses a gift or its receipt. A checkout Stripe has no record of
/// can no longer be paid: its gift is cancelled. Monthly gifts likewise: a checkout not settled, and a plan whose
/// payment date has passed by some hours with no paid invoice heard of (its subscription and latest invoice are asked
/// about, so a missed <c>invoice.paid</c> still gives the gift and its receipt). The least recently asked go first.
/// </summary>
public sealed class GiftReconciliation(
    AppDbContext db, StripeGateway stripe, GiftFulfilment fulfilment, GiftPlanFulfilment plans, TimeProvider clock, IOptions<DonationOptions> options,
    ILogger<GiftReconciliation> logger)
{
    private const int Batch = 50;

    /// <summary>How long after a monthly payment was due the plan is asked about, and how often again while nothing changes.</summary>
    private static readonly TimeSpan RenewalGrace = TimeSpan.FromHours(6);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!stripe.IsConfigured)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var before = now - options.Value.ReconcileAfter;

        // A checkout whose session was never made (Stripe did not answer, and the gift was not even cancelled) is over.
        await db.Gifts.Where(g => g.Status == GiftStatus.Pending && g.StripeCheckoutSessionId == null && g.CreatedAt <= before)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Status, GiftStatus.Cancelled).SetProperty(g => g.Version, g => g.Version + 1), cancellationToken);

        var pending = await db.Gifts.AsNoTracking()
            .Where(g => g.Status == GiftStatus.Pending && g.StripeCheckoutSessionId != null && g.CreatedAt <= before
                && (g.ReconciledAt == null || g.ReconciledAt <= before))
            .OrderBy(g => g.ReconciledAt ?? g.CreatedAt).Take(Batch)
            .Select(g => new { g.Id, g.StripeCheckoutSessionId })
            .ToListAsync(cancellationToken);
        var settled = 0;
        foreach (var gift in pending)
        {
            await db.Gifts.Where(g => g.Id == gift.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.ReconciledAt, now), cancellationToken);
            try
            {
                var fetched = await stripe.GetCheckoutSessionAsync(gift.StripeCheckoutSessionId!, cancellationToken);
                switch (fetched.Failure)
                {
                    case null:
                        await fulfilment.ApplySessionAsync(fetched.Value!, cancellationToken);
                        settled++;
                        break;
                    case { Kind: StripeFailureKind.NotFound }:
                        logger.LogWarning("Reconciliation: Stripe has no session for gift {GiftId}; cancelling it", gift.Id);
                        await db.Gifts.Where(g => g.Id == gift.Id && g.Status == GiftStatus.Pending)
                            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Status, GiftStatus.Cancelled).SetProperty(g => g.Version, g => g.Version + 1), cancellationToken);
                        break;
                    case var failure:
                        logger.LogWarning(failure.Exception, "Reconciliation could not settle gift {GiftId} ({Reason}); a later run tries again", gift.Id, failure.Message);
                        break;
                }
            }
            catch (DbUpdateException ex)
            {
                logger.LogWarning(ex, "Reconciliation could not settle gift {GiftId}; a later run tries again", gift.Id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return settled + await ReconcilePlansAsync(now, before, cancellationToken);
    }

    private async Task<int> ReconcilePlansAsync(DateTimeOffset now, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await db.GiftPlans.Where(p => p.Status == GiftPlanStatus.Pending && p.StripeCheckoutSessionId == null && p.CreatedAt <= before)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, GiftPlanStatus.Abandoned).SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);

        var due = now - RenewalGrace;
        var candidates = await db.GiftPlans.AsNoTracking()
            .Where(p => (p.Status == GiftPlanStatus.Pending && p.StripeCheckoutSessionId != null && p.CreatedAt <= before && (p.ReconciledAt == null || p.ReconciledAt <= before))
                || (p.Status == GiftPlanStatus.Active && p.StripeSubscriptionId != null && p.NextPaymentAt <= due && (p.ReconciledAt == null || p.ReconciledAt <= due)))
            .OrderBy(p => p.ReconciledAt ?? p.CreatedAt).Take(Batch)
            .Select(p => new { p.Id, p.Status, p.StripeCheckoutSessionId, p.StripeSubscriptionId })
            .ToListAsync(cancellationToken);
        var settled = 0;
        foreach (var plan in candidates)
        {
            await db.GiftPlans.Where(p => p.Id == plan.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.ReconciledAt, now), cancellationToken);
            try
            {
                var asked = plan.Status == GiftPlanStatus.Pending
                    ? await plans.AskAboutSessionAsync(plan.StripeCheckoutSessionId!, cancellationToken)
                    : await plans.AskAboutSubscriptionAsync(plan.StripeSubscriptionId!, cancellationToken);
                switch (asked.Failure)
                {
                    case null:
                        await plans.ApplyAsync(asked.Value!, "reconciliation", cancellationToken);
                        settled++;
                        break;
                    case { Kind: StripeFailureKind.NotFound } when plan.Status == GiftPlanStatus.Pending:
                        logger.LogWarning("Reconciliation: Stripe has no session for monthly gift {PlanId}; abandoning it", plan.Id);
                        await db.GiftPlans.Where(p => p.Id == plan.Id && p.Status == GiftPlanStatus.Pending)
                            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, GiftPlanStatus.Abandoned).SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
                        break;
                    case var failure:
                        logger.LogWarning(failure.Exception, "Reconciliation could not settle monthly gift {PlanId} ({Reason}); a later run tries again", plan.Id, failure.Message);
                        break;
                }
            }
            catch (DbUpdateException ex)
            {
                logger.LogWarning(ex, "Reconciliation could not settle monthly gift {PlanId}; a later run tries again", plan.Id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return settled;
    }
}
