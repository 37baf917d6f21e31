using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// Asks Stripe about memberships whose state is uncertain and applies the answer through <see cref="MembershipDues"/>, so
/// a missed webhook never loses a payment (ADR 0015): a join's checkout not settled some minutes after it started, and
/// a membership that renews automatically but is past its paid-through date (a missed <c>invoice.paid</c>). The least
/// recently asked go first, so a membership Stripe keeps retrying never crowds out the rest.
/// </summary>
public sealed class MembershipReconciliation(
    AppDbContext db, StripeGateway stripe, MembershipDues dues, TimeProvider clock, IOptions<MembershipOptions> options,
    ILogger<MembershipReconciliation> logger)
{
    private const int Batch = 50;

    /// <summary>How often a renewal that is overdue (Stripe retrying a card, or a missed webhook) is asked about again.</summary>
    private static readonly TimeSpan OverdueInterval = TimeSpan.FromHours(6);

    /// <summary>Returns how many memberships Stripe's answer was applied to.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!stripe.IsConfigured)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var settings = options.Value;
        var startedBefore = now - settings.ReconcileAfter;
        var overdueAskedBefore = now - OverdueInterval;
        var uncertain = await db.Memberships.AsNoTracking()
            .Where(m => (m.PendingCheckoutSessionId != null && m.UpdatedAt <= startedBefore && (m.ReconciledAt == null || m.ReconciledAt <= startedBefore))
                || (m.Kind == MembershipKind.Paid && m.AutoRenew && m.StripeSubscriptionId != null && m.PaidThrough != null && m.PaidThrough <= now
                    && (m.ReconciledAt == null || m.ReconciledAt <= overdueAskedBefore)))
            .OrderBy(m => m.ReconciledAt ?? m.UpdatedAt).Take(Batch)
            .Select(m => new { m.Id, m.PendingCheckoutSessionId, m.StripeSubscriptionId })
            .ToListAsync(cancellationToken);

        var applied = 0;
        foreach (var membership in uncertain)
        {
            await db.Memberships.Where(m => m.Id == membership.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReconciledAt, now), cancellationToken);
            try
            {
                var asked = membership.PendingCheckoutSessionId is { } sessionId
                    ? await dues.AskAboutSessionAsync(sessionId, cancellationToken)
                    : await dues.AskAboutSubscriptionAsync(membership.StripeSubscriptionId!, cancellationToken);
                switch (asked.Failure)
                {
                    case null:
                        await dues.ApplyAsync(asked.Value!, "reconciliation", cancellationToken);
                        applied++;
                        break;
                    case { Kind: StripeFailureKind.NotFound } when membership.PendingCheckoutSessionId is not null:
                        // Stripe has no such checkout (other keys): nobody can pay on it any more.
                        logger.LogWarning("Reconciliation: Stripe has no checkout {SessionId} for membership {MembershipId}; forgetting it",
                            membership.PendingCheckoutSessionId, membership.Id);
                        await db.Memberships.Where(m => m.Id == membership.Id && m.PendingCheckoutSessionId == membership.PendingCheckoutSessionId)
                            .ExecuteUpdateAsync(s => s.SetProperty(m => m.PendingCheckoutSessionId, (string?)null).SetProperty(m => m.Version, m => m.Version + 1), cancellationToken);
                        break;
                    case var failure:
                        logger.LogWarning(failure.Exception, "Reconciliation could not ask Stripe about membership {MembershipId} ({Reason}); a later run tries again",
                            membership.Id, failure.Message);
                        break;
                }
            }
            catch (DbUpdateException ex)
            {
                logger.LogWarning(ex, "Reconciliation could not apply Stripe's answer for membership {MembershipId}; a later run tries again", membership.Id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return applied;
    }
}
