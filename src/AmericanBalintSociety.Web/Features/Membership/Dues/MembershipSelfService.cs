using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// What a member does with their own membership in My account (issue 16): read it, turn automatic renewal off and on
/// (cancel at the period's end, resume) and open Stripe's Billing Portal to update their card. Stripe is asked first;
/// the membership follows its answer through <see cref="MembershipDues"/>.
/// </summary>
public sealed class MembershipSelfService(
    AppDbContext db, StripeGateway stripe, MembershipDues dues, AuditLog audit, TimeProvider clock, IOptions<MembershipOptions> options,
    ILogger<MembershipSelfService> logger)
{
    public async Task<MyMembership?> ForAsync(string userId, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.AsNoTracking().Include(m => m.Level).Include(m => m.Payments)
            .FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership is null)
        {
            return null;
        }

        var grace = options.Value.GracePeriod;
        var status = MembershipState.Of(membership, clock.GetUtcNow(), grace);
        var renewalFailed = status == MembershipStatus.Grace && membership.PaidThrough is { } due
            && await db.MembershipNotices.AnyAsync(n => n.MembershipId == membership.Id && n.Kind == MembershipNotice.PaymentFailed && n.SentAt >= due, cancellationToken);
        return new MyMembership(
            membership.LevelId, membership.Level!.Name, membership.Kind, status, membership.PaidThrough,
            status == MembershipStatus.Grace ? membership.PaidThrough + grace : null,
            membership.AutoRenew,
            CanResume: membership is { StripeSubscriptionId: not null, AutoRenew: false } && status == MembershipStatus.Active,
            HasCard: membership.StripeCustomerId is not null,
            PaymentPending: membership.PendingCheckoutSessionId is not null,
            [.. membership.Payments.OrderByDescending(p => p.PaidAt)],
            renewalFailed);
    }

    /// <summary>Turns automatic renewal off (the membership runs to its paid-through date) or back on.</summary>
    public async Task<Result> SetRenewalAsync(string userId, bool renew, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.AsNoTracking().FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership?.StripeSubscriptionId is not { } subscriptionId || membership.Kind != MembershipKind.Paid)
        {
            return Result.Failure("Your membership does not renew through a card payment, so there is nothing to turn on or off.");
        }

        if (membership.AutoRenew == renew)
        {
            return Result.Success(renew ? "Automatic renewal is already on." : "Automatic renewal is already off.");
        }

        var changed = await stripe.SetRenewalAsync(subscriptionId, renew, $"renewal-{subscriptionId}-{membership.Version}-{renew}", cancellationToken);
        if (changed.Failure is { } failure)
        {
            logger.LogWarning(failure.Exception, "Membership {MembershipId}: renewal could not be set to {Renew} ({Reason})", membership.Id, renew, failure.Message);
            return Result.Failure("The payment service did not answer, so nothing was changed. Please try again in a minute.");
        }

        audit.Record(userId, "the member", renew ? "membership.renewal-on" : "membership.renewal-off", AccountSubjects.For(userId),
            renew ? "Automatic renewal turned on" : "Automatic renewal turned off");
        await db.SaveChangesAsync(cancellationToken);
        await dues.ApplyAsync(new DuesNews(null, changed.Value, null), "the member", cancellationToken);
        return Result.Success(renew
            ? "Automatic renewal is on: your dues renew each year and you will receive a receipt."
            : "Automatic renewal is off: your membership runs to the date it is paid through, and nothing more will be charged.");
    }

    /// <summary>A Stripe Billing Portal session where the member updates their card, coming back to <paramref name="returnUrl"/>.</summary>
    public async Task<Result<Uri>> CardPortalAsync(string userId, Uri returnUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(returnUrl);
        var customer = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.StripeCustomerId).FirstOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            return Result.Failure<Uri>("There is no payment card on file for your membership.");
        }

        var portal = await stripe.CreateBillingPortalSessionAsync(customer, returnUrl.AbsoluteUri, cancellationToken);
        if (portal.Failure is { } failure)
        {
            logger.LogWarning(failure.Exception, "Billing Portal could not open for customer {CustomerId} ({Reason})", customer, failure.Message);
            return Result.Failure<Uri>("The payment service did not answer. Please try again in a minute.");
        }

        return Result.Success(new Uri(portal.Value!.Url));
    }
}
