using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// A member's membership, dues payments, directory entry and the staff's notes about them, in "download my data".
/// Deleting the account first cancels a running subscription at Stripe (refused, with nothing erased, if Stripe cannot
/// be reached: the person must never be charged again); then the payments stay for the society's accounts without the
/// person (no account, no receipt link, no note), and the directory entry and notes go.
/// </summary>
public sealed class MembershipPersonalData(
    AppDbContext db, StripeGateway stripe, MembershipDues dues, TimeProvider clock, IOptions<MembershipOptions> options, ILogger<MembershipPersonalData> logger)
    : IPersonalDataSource
{
    public string Section => "membership";

    public async Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var membership = await db.Memberships.AsNoTracking().Include(m => m.Level).Include(m => m.Payments).FirstOrDefaultAsync(m => m.UserId == user.Id, cancellationToken);
        var entry = await db.DirectoryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.UserId == user.Id, cancellationToken);
        var notes = await db.MemberNotes.AsNoTracking().Where(n => n.UserId == user.Id).OrderBy(n => n.Id)
            .Select(n => new { n.CreatedAt, n.Author, n.Text }).ToListAsync(cancellationToken);
        return new
        {
            Membership = membership is null ? null : new
            {
                Level = membership.Level!.Name,
                Kind = membership.Kind.ToString(),
                Status = MembershipState.Of(membership, clock.GetUtcNow(), options.Value.GracePeriod).ToString(),
                membership.PaidThrough,
                membership.AutoRenew,
                membership.CreatedAt,
                Payments = membership.Payments.OrderBy(p => p.PaidAt).Select(p => new
                {
                    p.PaidAt,
                    p.AmountCents,
                    p.PeriodStart,
                    p.PeriodEnd,
                    p.ReceiptUrl,
                    p.Note,
                    p.RefundedCents,
                    p.RefundedAt,
                }).ToList(),
            },
            Directory = entry is null ? null : new
            {
                entry.Listed,
                entry.Name,
                entry.Credentials,
                entry.Profession,
                entry.Organization,
                entry.City,
                entry.State,
                entry.LeadsGroups,
                entry.Bio,
                entry.PublicEmail,
                entry.Website,
                entry.UpdatedAt,
            },
            StaffNotes = notes,
        };
    }

    /// <summary>
    /// Closes the member's open checkout (else it could still be paid, for an account that no longer exists) and cancels
    /// their subscription at Stripe; refused, with nothing erased, when Stripe cannot be asked.
    /// </summary>
    public async Task<Result> PrepareEraseAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id && m.PendingCheckoutSessionId != null)
            .Select(m => new { m.Id, m.PendingCheckoutSessionId }).FirstOrDefaultAsync(cancellationToken) is { } open
            && await dues.CloseCheckoutAsync(open.Id, open.PendingCheckoutSessionId!, cancellationToken) is { } notClosed)
        {
            logger.LogWarning("Account {UserId} not deleted yet: its open checkout could not be closed cleanly ({Reason})", user.Id, notClosed);
        }

        // Read after the checkout was closed: a payment that arrived meanwhile linked a subscription, cancelled here too.
        var subscriptionId = await db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id).Select(m => m.StripeSubscriptionId).FirstOrDefaultAsync(cancellationToken);
        var stillOpen = await db.Memberships.AsNoTracking().AnyAsync(m => m.UserId == user.Id && m.PendingCheckoutSessionId != null, cancellationToken);
        if (stillOpen)
        {
            return Unreachable();
        }

        if (subscriptionId is null)
        {
            return Result.Success();
        }

        var cancelled = await stripe.CancelSubscriptionAsync(subscriptionId, cancellationToken);
        if (cancelled.Failure is { Kind: not StripeFailureKind.NotFound } failure)
        {
            logger.LogError(failure.Exception, "Account {UserId} not deleted: its subscription {SubscriptionId} could not be cancelled ({Reason})", user.Id, subscriptionId, failure.Message);
            return Unreachable();
        }

        logger.LogInformation("Account {UserId} is being deleted: subscription {SubscriptionId} cancelled at Stripe", user.Id, subscriptionId);
        return Result.Success();
    }

    private static Result Unreachable() =>
        Result.Failure("Your membership's payments could not be stopped at our payment service just now, so your account was not deleted. Nothing was changed; please try again in a few minutes.");

    public async Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var membershipIds = await db.Memberships.Where(m => m.UserId == user.Id).Select(m => m.Id).ToListAsync(cancellationToken);
        await db.MembershipPayments.Where(p => membershipIds.Contains(p.MembershipId))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ReceiptUrl, (string?)null).SetProperty(p => p.Note, (string?)null), cancellationToken);
        await db.Memberships.Where(m => m.UserId == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.UserId, (string?)null)
            .SetProperty(m => m.StripeCustomerId, (string?)null)
            .SetProperty(m => m.StripeSubscriptionId, (string?)null)
            .SetProperty(m => m.PendingCheckoutSessionId, (string?)null)
            .SetProperty(m => m.SiteBase, (string?)null)
            .SetProperty(m => m.AutoRenew, false)
            .SetProperty(m => m.Version, m => m.Version + 1), cancellationToken);
        await db.DirectoryEntries.Where(e => e.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await db.MemberNotes.Where(n => n.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
    }
}
