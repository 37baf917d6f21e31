using System.Globalization;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// The one path by which Stripe's word changes a gift, whoever brings it (the webhook, the thank-you page, the
/// reconciliation): a gift only moves forward, and the receipt is mailed in the transaction that marks it paid, which
/// only one caller can do.
/// </summary>
public sealed class GiftFulfilment(AppDbContext db, StripeGateway stripe, DonationEmails emails, TimeProvider clock, ILogger<GiftFulfilment> logger)
    : IStripeEventConsumer
{
    public bool Handles(Event stripeEvent)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        return stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded or EventTypes.CheckoutSessionExpired
                or EventTypes.CheckoutSessionAsyncPaymentFailed => stripeEvent.Data.Object is Session { Mode: "payment" } session && IsGift(session),
            EventTypes.ChargeRefunded => stripeEvent.Data.Object is Charge { PaymentIntentId: not null }, // if it paid a gift (else the shop's or dues)
            _ => false,
        };
    }

    /// <summary>Whether a Checkout Session is a gift's (its metadata names one).</summary>
    public static bool IsGift(Session session) => session?.Metadata?.ContainsKey(DonationCheckout.GiftKey) == true;

    public async Task<StripeEventOutcome> ApplyAsync(Event stripeEvent, object? fetched, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        return stripeEvent.Data.Object switch
        {
            Session session => await ApplyCoreAsync(session, failed: stripeEvent.Type == EventTypes.CheckoutSessionAsyncPaymentFailed, cancellationToken),
            Charge charge => await RefundedAsync(charge, cancellationToken),
            _ => StripeEventOutcome.Ignored,
        };
    }

    /// <summary>The donor is back from Stripe: the gift of this session, settled first from Stripe's word when still pending.</summary>
    public async Task<Gift?> SettleOnReturnAsync(string sessionId, CancellationToken cancellationToken)
    {
        var gift = await db.Gifts.AsNoTracking().FirstOrDefaultAsync(g => g.StripeCheckoutSessionId == sessionId, cancellationToken);
        if (gift is not { Status: GiftStatus.Pending } || !stripe.IsConfigured)
        {
            return gift;
        }

        try
        {
            var fetched = await stripe.GetCheckoutSessionAsync(sessionId, cancellationToken);
            if (fetched.Failure is { } failure)
            {
                logger.LogWarning(failure.Exception, "The thank-you page could not settle gift {GiftId} now ({Reason}); the webhook or reconciliation will", gift.Id, failure.Message);
                return gift;
            }

            await ApplySessionAsync(fetched.Value!, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The thank-you page could not settle gift {GiftId} now; the webhook or reconciliation will", gift.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return await db.Gifts.AsNoTracking().FirstOrDefaultAsync(g => g.StripeCheckoutSessionId == sessionId, cancellationToken) ?? gift;
    }

    /// <summary>A session fetched from Stripe (thank-you page, reconciliation), applied in a transaction of its own.</summary>
    public async Task<StripeEventOutcome> ApplySessionAsync(Session session, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.RunInTransactionAsync(() => ApplyCoreAsync(session, failed: false, cancellationToken), cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<StripeEventOutcome> ApplyCoreAsync(Session session, bool failed, CancellationToken cancellationToken)
    {
        var gift = await db.Gifts.FirstOrDefaultAsync(g => g.StripeCheckoutSessionId == session.Id, cancellationToken);
        if (gift is null && session.Metadata.TryGetValue(DonationCheckout.GiftKey, out var reference)
            && int.TryParse(reference, NumberStyles.None, CultureInfo.InvariantCulture, out var giftId))
        {
            // The session was made but its id never saved (the process stopped in between): the reference finds it.
            gift = await db.Gifts.FirstOrDefaultAsync(g => g.Id == giftId && g.StripeCheckoutSessionId == null, cancellationToken);
            if (gift is not null)
            {
                gift.StripeCheckoutSessionId = session.Id;
            }
        }

        if (gift is null)
        {
            logger.LogWarning("Stripe session {SessionId} matches no gift", session.Id);
            return StripeEventOutcome.Unmatched;
        }

        if (gift.Status != GiftStatus.Pending)
        {
            return StripeEventOutcome.Applied; // settled already: later or repeated news changes nothing
        }

        if (session is { Status: "complete", PaymentStatus: "paid" } && !failed)
        {
            gift.Status = GiftStatus.Paid;
            gift.PaidAt = clock.GetUtcNow();
            gift.AmountCents = session.AmountTotal ?? gift.AmountCents;
            gift.StripePaymentIntentId = session.PaymentIntentId;
            gift.DonorEmail ??= session.CustomerDetails?.Email;
            gift.DonorName ??= session.CustomerDetails?.Name;
            emails.Receipt(gift);
        }
        else if (failed || session.Status == "expired")
        {
            gift.Status = GiftStatus.Cancelled;
        }

        gift.Version++;
        return StripeEventOutcome.Applied;
    }

    /// <summary>A gift refunded (here by staff, or in Stripe's dashboard): the amount refunded so far, never less than before.</summary>
    private async Task<StripeEventOutcome> RefundedAsync(Charge charge, CancellationToken cancellationToken)
    {
        var gift = await db.Gifts.FirstOrDefaultAsync(g => g.StripePaymentIntentId == charge.PaymentIntentId, cancellationToken);
        if (gift is null)
        {
            return StripeEventOutcome.Unmatched;
        }

        if (charge.AmountRefunded > gift.RefundedCents)
        {
            gift.RefundedCents = Math.Min(charge.AmountRefunded, gift.AmountCents);
            gift.Status = GiftStatus.Refunded;
            gift.Version++;
        }

        return StripeEventOutcome.Applied;
    }
}
