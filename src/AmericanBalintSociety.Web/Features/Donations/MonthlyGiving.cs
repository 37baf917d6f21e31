using System.Globalization;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// A monthly gift after it began: the donor's (My account → Giving) and staff's changes, each made at Stripe first and
/// recorded here only once Stripe agreed, so the site never shows a change Stripe does not charge.
/// </summary>
public sealed class MonthlyGiving(
    AppDbContext db, StripeGateway stripe, DonationCheckout checkout, AuditLog audit, TimeProvider clock, ILogger<MonthlyGiving> logger)
{
    /// <summary>The donor's monthly gift that is running (or still being set up at Stripe), if any.</summary>
    public Task<GiftPlan?> CurrentAsync(string userId, CancellationToken cancellationToken) =>
        db.GiftPlans.AsNoTracking().Where(p => p.UserId == userId && p.Status == GiftPlanStatus.Active)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Changes the donor's monthly amount from the next payment on (whole dollars within the limits).</summary>
    public async Task<Result> ChangeAmountAsync(string userId, string? dollars, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var amount = checkout.DollarsOf(dollars, "Dollars");
        if (!amount.Succeeded)
        {
            return amount;
        }

        var plan = await db.GiftPlans.FirstOrDefaultAsync(p => p.UserId == userId && p.Status == GiftPlanStatus.Active, cancellationToken);
        if (plan?.StripeSubscriptionId is null)
        {
            return Result.Failure("You have no monthly gift to change.");
        }

        if (plan.AmountCents == amount.Value)
        {
            return Result.Success($"Your monthly gift stays {Display.Money(plan.AmountCents)}.");
        }

        var changed = await stripe.ChangeSubscriptionAmountAsync(plan.StripeSubscriptionId, amount.Value, "month",
            $"gift-plan-{plan.Id}-v{plan.Version}-amount-{amount.Value.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        if (changed.Failure is { } failure)
        {
            logger.LogWarning(failure.Exception, "Monthly gift {PlanId}: the amount could not be changed at Stripe ({Reason})", plan.Id, failure.Message);
            return Result.Failure("The payment service did not answer, so the amount was not changed. Please try again in a minute.");
        }

        var before = plan.AmountCents;
        plan.AmountCents = amount.Value;
        plan.Version++;
        audit.Record(actor, "gift-plan.amount-changed", $"gift-plan:{plan.Id}", $"{Display.Money(before)} → {Display.Money(amount.Value)} a month");
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success($"Thank you: your monthly gift is now {Display.Money(amount.Value)}, from the next payment on.");
    }

    /// <summary>Stops the donor's own monthly gift now: Stripe charges nothing more.</summary>
    public async Task<Result> CancelMineAsync(string userId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var planId = await db.GiftPlans.Where(p => p.UserId == userId && p.Status == GiftPlanStatus.Active).Select(p => (int?)p.Id).FirstOrDefaultAsync(cancellationToken);
        return planId is null ? Result.Failure("You have no monthly gift to stop.")
            : await CancelAsync(planId.Value, actor.FindFirstValue(ClaimTypes.NameIdentifier), actor.Identity?.Name ?? "donor", cancellationToken);
    }

    /// <summary>
    /// Stops a monthly gift now (the donor, staff, or the account's deletion): cancelled at Stripe first (a subscription
    /// Stripe no longer has counts as cancelled), then here; refused with nothing changed if Stripe cannot be reached.
    /// </summary>
    public async Task<Result> CancelAsync(int planId, string? actorId, string actor, CancellationToken cancellationToken)
    {
        var plan = await db.GiftPlans.FirstOrDefaultAsync(p => p.Id == planId, cancellationToken);
        if (plan is not { Status: GiftPlanStatus.Active })
        {
            return Result.Success("The monthly gift had already stopped.");
        }

        if (plan.StripeSubscriptionId is { } subscriptionId)
        {
            var cancelled = await stripe.CancelSubscriptionAsync(subscriptionId, cancellationToken);
            if (cancelled.Failure is { Kind: not StripeFailureKind.NotFound } failure)
            {
                logger.LogWarning(failure.Exception, "Monthly gift {PlanId} could not be cancelled at Stripe ({Reason})", plan.Id, failure.Message);
                return Result.Failure("The payment service did not answer, so the monthly gift was not stopped. Please try again in a minute.");
            }
        }

        plan.Status = GiftPlanStatus.Cancelled;
        plan.EndedAt = clock.GetUtcNow();
        plan.NextPaymentAt = null;
        plan.Version++;
        audit.Record(actorId, actor, "gift-plan.cancelled", $"gift-plan:{plan.Id}", $"Monthly gift of {Display.Money(plan.AmountCents)} stopped");
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success($"Your monthly gift of {Display.Money(plan.AmountCents)} has stopped; nothing more will be charged. Thank you for your support.");
    }

    /// <summary>A Billing Portal session where the donor updates the card their monthly gift is charged to.</summary>
    public async Task<Result<Uri>> CardPortalAsync(string userId, Uri returnUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(returnUrl);
        var customer = await db.GiftPlans.AsNoTracking().Where(p => p.UserId == userId && p.Status == GiftPlanStatus.Active && p.StripeCustomerId != null)
            .Select(p => p.StripeCustomerId).FirstOrDefaultAsync(cancellationToken);
        if (customer is null)
        {
            return Result.Failure<Uri>("You have no monthly gift with a card to update.");
        }

        var portal = await stripe.CreateBillingPortalSessionAsync(customer, returnUrl.AbsoluteUri, cancellationToken);
        return !portal.Succeeded
            ? Result.Failure<Uri>("The payment service did not answer. Please try again in a minute.")
            : Result.Success(new Uri(portal.Value!.Url));
    }
}
