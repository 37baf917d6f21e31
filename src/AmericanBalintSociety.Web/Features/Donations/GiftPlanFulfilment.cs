using System.Globalization;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>What Stripe says about a monthly gift at one moment: its Checkout Session, the subscription as it is now, an invoice.</summary>
public sealed record PlanNews(Session? Session, Subscription? Subscription, Invoice? Invoice);

/// <summary>
/// The one path by which Stripe's word changes a monthly gift, whoever brings it (a webhook, the thank-you page, the
/// reconciliation): the plan starts when its checkout is paid, each paid invoice becomes one <see cref="Gift"/> (its
/// invoice id unique) with its receipt mailed in the same transaction, the amount and next payment date are read from
/// the subscription as Stripe has it now (never from an event's possibly older copy), and the plan ends when the
/// subscription does.
/// </summary>
public sealed class GiftPlanFulfilment(
    AppDbContext db, StripeGateway stripe, DonationEmails emails, AuditLog audit, TimeProvider clock, ILogger<GiftPlanFulfilment> logger)
    : IStripeEventConsumer
{
    public bool Handles(Event stripeEvent)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        return stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded or EventTypes.CheckoutSessionExpired
                or EventTypes.CheckoutSessionAsyncPaymentFailed => stripeEvent.Data.Object is Session { Mode: "subscription" } session && PlanIdIn(session.Metadata) is not null,
            EventTypes.InvoicePaid or EventTypes.InvoicePaymentFailed =>
                stripeEvent.Data.Object is Invoice invoice && PlanIdIn(invoice.Parent?.SubscriptionDetails?.Metadata) is not null,
            EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionDeleted =>
                stripeEvent.Data.Object is Subscription subscription && PlanIdIn(subscription.Metadata) is not null,
            _ => false,
        };
    }

    /// <summary>The plan id a Stripe object's metadata names, if any.</summary>
    public static int? PlanIdIn(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(DonationCheckout.PlanKey, out var value)
        && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>The subscription and invoice as Stripe has them now: events arrive late and out of order.</summary>
    public async Task<StripeResult<object?>> FetchAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        var asked = stripeEvent.Data.Object switch
        {
            Session { Status: "complete", SubscriptionId: { } subscriptionId } session => await NewsAsync(session, subscriptionId, session.InvoiceId, cancellationToken),
            Invoice invoice when invoice.Parent?.SubscriptionDetails?.SubscriptionId is { } subscriptionId => await NewsAsync(null, subscriptionId, invoice.Id, cancellationToken),
            Subscription subscription => await NewsAsync(null, subscription.Id, null, cancellationToken),
            _ => null,
        };
        return asked?.Failure is { } failure
            ? StripeResult<object?>.Failed(failure.Kind, failure.Message, failure.Exception)
            : StripeResult<object?>.Of(asked?.Value);
    }

    public async Task<StripeEventOutcome> ApplyAsync(Event stripeEvent, object? fetched, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        var news = fetched as PlanNews ?? stripeEvent.Data.Object switch
        {
            Session session => new PlanNews(session, null, null),
            Invoice invoice => new PlanNews(null, null, invoice),
            Subscription subscription => new PlanNews(null, subscription, null),
            _ => null,
        };

        // Stripe no longer has the subscription (deleted in test mode, other keys): the event's own copy is all there is.
        if (news is { Subscription: null } && stripeEvent.Data.Object is Subscription own)
        {
            news = news with { Subscription = own };
        }

        return news is null ? StripeEventOutcome.Ignored
            : await ApplyCoreAsync(news, paymentFailed: stripeEvent.Type == EventTypes.InvoicePaymentFailed, actor, cancellationToken);
    }

    /// <summary>Asks Stripe about a plan's Checkout Session and, once paid, its subscription and first invoice.</summary>
    public async Task<StripeResult<PlanNews>> AskAboutSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var fetched = await stripe.GetCheckoutSessionAsync(sessionId, cancellationToken);
        if (fetched.Failure is { } failure)
        {
            return StripeResult<PlanNews>.Failed(failure.Kind, failure.Message, failure.Exception);
        }

        var session = fetched.Value!;
        return session is { Status: "complete", SubscriptionId: { } subscriptionId }
            ? await NewsAsync(session, subscriptionId, session.InvoiceId, cancellationToken)
            : StripeResult<PlanNews>.Of(new PlanNews(session, null, null));
    }

    /// <summary>Asks Stripe about a plan's subscription and its latest invoice (the reconciliation, after a missed <c>invoice.paid</c>).</summary>
    public Task<StripeResult<PlanNews>> AskAboutSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        NewsAsync(null, subscriptionId, null, cancellationToken);

    /// <summary>What Stripe said, fetched outside a webhook, applied in a transaction of its own.</summary>
    public async Task<StripeEventOutcome> ApplyAsync(PlanNews news, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(news);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.RunInTransactionAsync(() => ApplyCoreAsync(news, paymentFailed: false, actor, cancellationToken), cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear(); // a webhook or the donor changed the same plan: read it again
            }
        }
    }

    /// <summary>
    /// The donor is back from Stripe's Checkout: their plan's session is asked about and applied now (the webhook may not
    /// have arrived). Whatever fails, the plan is shown as it stands; the webhook or the reconciliation settles it.
    /// </summary>
    public async Task<GiftPlan?> SettleOnReturnAsync(string sessionId, CancellationToken cancellationToken)
    {
        var plan = await db.GiftPlans.AsNoTracking().FirstOrDefaultAsync(p => p.StripeCheckoutSessionId == sessionId, cancellationToken);
        if (plan is not { Status: GiftPlanStatus.Pending } || !stripe.IsConfigured)
        {
            return plan;
        }

        try
        {
            var asked = await AskAboutSessionAsync(sessionId, cancellationToken);
            if (asked.Failure is { } failure)
            {
                logger.LogWarning(failure.Exception, "The thank-you page could not settle monthly gift {PlanId} now ({Reason}); the webhook or reconciliation will", plan.Id, failure.Message);
            }
            else
            {
                await ApplyAsync(asked.Value!, "thank-you page", cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The thank-you page could not settle monthly gift {PlanId} now; the webhook or reconciliation will", plan.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return await db.GiftPlans.AsNoTracking().FirstOrDefaultAsync(p => p.Id == plan.Id, cancellationToken);
    }

    private async Task<StripeResult<PlanNews>> NewsAsync(Session? session, string subscriptionId, string? invoiceId, CancellationToken cancellationToken)
    {
        var fetched = await stripe.GetSubscriptionNewsAsync(subscriptionId, invoiceId, cancellationToken);
        return fetched.Failure is { } failure
            ? StripeResult<PlanNews>.Failed(failure.Kind, failure.Message, failure.Exception)
            : StripeResult<PlanNews>.Of(new PlanNews(session, fetched.Value!.Subscription, fetched.Value.Invoice));
    }

    private async Task<StripeEventOutcome> ApplyCoreAsync(PlanNews news, bool paymentFailed, string actor, CancellationToken cancellationToken)
    {
        var plan = await FindAsync(news, cancellationToken);
        if (plan is null)
        {
            logger.LogWarning("Stripe's news (session {SessionId}, subscription {SubscriptionId}, invoice {InvoiceId}) matches no monthly gift",
                news.Session?.Id, news.Subscription?.Id, news.Invoice?.Id);
            return StripeEventOutcome.Unmatched;
        }

        var now = clock.GetUtcNow();
        if (news.Session is { } session && plan.StripeCheckoutSessionId == session.Id)
        {
            if (session is { Status: "complete", SubscriptionId: { } subscriptionId })
            {
                Link(plan, subscriptionId, session.CustomerId, actor, now);
            }
            else if (session.Status == "expired" && plan.Status == GiftPlanStatus.Pending)
            {
                plan.Status = GiftPlanStatus.Abandoned;
            }
        }

        if (news.Subscription is { } subscription)
        {
            if (plan.StripeSubscriptionId is null && subscription.Status is "active" or "trialing" or "past_due")
            {
                Link(plan, subscription.Id, subscription.CustomerId, actor, now); // the session's news never came
            }

            if (plan.StripeSubscriptionId == subscription.Id)
            {
                var item = subscription.Items?.Data?.FirstOrDefault();
                if (item?.Price?.UnitAmount is { } amount && amount > 0)
                {
                    plan.AmountCents = amount;
                }

                plan.NextPaymentAt = Utc(item?.CurrentPeriodEnd) ?? plan.NextPaymentAt;
                if (subscription.Status is "canceled" or "incomplete_expired" && plan.Status != GiftPlanStatus.Cancelled)
                {
                    plan.Status = GiftPlanStatus.Cancelled;
                    plan.EndedAt = Utc(subscription.EndedAt) ?? now;
                    plan.NextPaymentAt = null;
                    audit.Record(null, actor, "gift.monthly-ended", Subject(plan), $"Subscription {subscription.Id} ended; nothing more is charged");
                }
            }
        }

        if (news.Invoice is { } invoice && (invoice.Parent?.SubscriptionDetails?.SubscriptionId == plan.StripeSubscriptionId
                || PlanIdIn(invoice.Parent?.SubscriptionDetails?.Metadata) == plan.Id))
        {
            if (invoice is { Status: "paid", AmountPaid: > 0 })
            {
                await RecordPaymentAsync(plan, invoice, now, cancellationToken);
            }
            else if (paymentFailed && invoice.Status == "open")
            {
                plan.PaymentFailedAt = now;
            }
        }

        plan.Version++;
        return StripeEventOutcome.Applied;
    }

    /// <summary>The plan Stripe's news is about: by its subscription, its session, or the id its metadata names.</summary>
    private async Task<GiftPlan?> FindAsync(PlanNews news, CancellationToken cancellationToken)
    {
        var subscriptionId = news.Subscription?.Id ?? news.Session?.SubscriptionId ?? news.Invoice?.Parent?.SubscriptionDetails?.SubscriptionId;
        if (subscriptionId is not null && await db.GiftPlans.FirstOrDefaultAsync(p => p.StripeSubscriptionId == subscriptionId, cancellationToken) is { } bySubscription)
        {
            return bySubscription;
        }

        if (news.Session?.Id is { } sessionId && await db.GiftPlans.FirstOrDefaultAsync(p => p.StripeCheckoutSessionId == sessionId, cancellationToken) is { } bySession)
        {
            return bySession;
        }

        var id = PlanIdIn(news.Session?.Metadata) ?? PlanIdIn(news.Subscription?.Metadata) ?? PlanIdIn(news.Invoice?.Parent?.SubscriptionDetails?.Metadata);
        return id is null ? null : await db.GiftPlans.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>The plan's checkout was paid: it is active now, charged by this subscription.</summary>
    private void Link(GiftPlan plan, string subscriptionId, string? customerId, string actor, DateTimeOffset now)
    {
        if (plan.StripeSubscriptionId == subscriptionId || plan.Status == GiftPlanStatus.Cancelled)
        {
            return;
        }

        plan.StripeSubscriptionId = subscriptionId;
        plan.StripeCustomerId = customerId ?? plan.StripeCustomerId;
        plan.Status = GiftPlanStatus.Active;
        plan.StartedAt ??= now;
        audit.Record(null, actor, "gift.monthly-started", Subject(plan), $"Monthly gift of {Shared.Display.Money(plan.AmountCents)} started (subscription {subscriptionId})");
    }

    /// <summary>A paid invoice, counted once: a gift of its amount, with the plan's dedication, and its receipt mailed.</summary>
    private async Task RecordPaymentAsync(GiftPlan plan, Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        plan.PaymentFailedAt = null;
        if (await db.Gifts.AnyAsync(g => g.StripeInvoiceId == invoice.Id, cancellationToken))
        {
            return;
        }

        var donor = plan.UserId is null ? null : await db.Users.AsNoTracking().Where(u => u.Id == plan.UserId)
            .Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        var gift = new Gift
        {
            Status = GiftStatus.Paid,
            AmountCents = invoice.AmountPaid,
            Currency = invoice.Currency ?? plan.Currency,
            UserId = plan.UserId,
            DonorEmail = donor?.Email,
            DonorName = donor?.DisplayName,
            Dedication = plan.Dedication,
            DedicationName = plan.DedicationName,
            ReceiptToken = DonationCheckout.NewReceiptToken(),
            PlanId = plan.Id,
            StripeInvoiceId = invoice.Id,
            StripePaymentIntentId = invoice.Payments?.Data?.FirstOrDefault(p => p.Status == "paid")?.Payment?.PaymentIntentId,
            SiteBase = plan.SiteBase,
            CreatedAt = now,
            PaidAt = Utc(invoice.StatusTransitions?.PaidAt) ?? now,
        };
        db.Gifts.Add(gift);
        emails.Receipt(gift);
        logger.LogInformation("Monthly gift {PlanId}: {Amount} cents paid (invoice {InvoiceId})", plan.Id, gift.AmountCents, invoice.Id);
    }

    private static string Subject(GiftPlan plan) => $"gift-plan:{plan.Id}";

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } moment && moment != default ? new DateTimeOffset(DateTime.SpecifyKind(moment, DateTimeKind.Utc)) : null;
}
