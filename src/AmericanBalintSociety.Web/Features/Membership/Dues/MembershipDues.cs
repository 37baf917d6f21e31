using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// The one path by which Stripe's word changes a membership, whoever brings it: a webhook, the welcome page or the
/// reconciliation (ADR 0015). It only moves a membership forward: the paid-through date becomes the later of what it was
/// and a paid invoice's period end, each invoice is counted once (its id is unique), and the renewal setting is read
/// from the subscription as Stripe has it now, never from an event's possibly older copy. Mails go out in the same
/// transaction as the change that causes them.
/// </summary>
public sealed class MembershipDues(
    AppDbContext db, StripeGateway stripe, MembershipEmails emails, AuditLog audit, TimeProvider clock, IOptions<MembershipOptions> options,
    ILogger<MembershipDues> logger) : IStripeEventConsumer
{
    /// <summary>Membership's events: a subscription-mode Checkout Session, an invoice and a subscription, each naming a membership.</summary>
    public bool Handles(Event stripeEvent)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        return stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded or EventTypes.CheckoutSessionExpired
                or EventTypes.CheckoutSessionAsyncPaymentFailed =>
                stripeEvent.Data.Object is Session { Mode: "subscription" } session && DuesNews.MembershipIdIn(session.Metadata) is not null,
            EventTypes.InvoicePaid or EventTypes.InvoicePaymentFailed =>
                stripeEvent.Data.Object is Invoice invoice && DuesNews.MembershipIdIn(invoice.Parent?.SubscriptionDetails?.Metadata) is not null,
            EventTypes.CustomerSubscriptionUpdated or EventTypes.CustomerSubscriptionDeleted =>
                stripeEvent.Data.Object is Subscription subscription && DuesNews.MembershipIdIn(subscription.Metadata) is not null,
            EventTypes.ChargeRefunded => stripeEvent.Data.Object is Charge { PaymentIntentId: not null }, // if it paid dues (else the shop's)
            _ => false,
        };
    }

    /// <summary>The subscription (and the invoice) as Stripe has them now: events arrive late and out of order.</summary>
    public async Task<StripeResult<object?>> FetchAsync(Event stripeEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        return stripeEvent.Data.Object switch
        {
            Session { Status: "complete", SubscriptionId: { } subscriptionId } session => Boxed(await NewsAsync(session, subscriptionId, null, cancellationToken)),
            Session session => StripeResult<object?>.Of(new DuesNews(session, null, null)),
            Invoice invoice when DuesNews.SubscriptionOf(invoice) is { } subscriptionId => Boxed(await NewsAsync(null, subscriptionId, invoice.Id, cancellationToken)),
            Subscription subscription => Boxed(await NewsAsync(null, subscription.Id, null, cancellationToken)),
            _ => StripeResult<object?>.Of(null),
        };
    }

    public async Task<StripeEventOutcome> ApplyAsync(Event stripeEvent, object? fetched, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        if (stripeEvent.Data.Object is Charge charge)
        {
            return await RefundedAsync(charge, actor, cancellationToken);
        }

        var news = fetched as DuesNews ?? stripeEvent.Data.Object switch
        {
            Session session => new DuesNews(session, null, null),
            Invoice invoice => new DuesNews(null, null, invoice),
            Subscription subscription => new DuesNews(null, subscription, null),
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

    /// <summary>
    /// Asks Stripe about a join's Checkout Session (and, once paid, its subscription and first invoice); the welcome page
    /// and the reconciliation apply the answer with <see cref="ApplyAsync(DuesNews, string, CancellationToken)"/>.
    /// </summary>
    public async Task<StripeResult<DuesNews>> AskAboutSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        var fetched = await stripe.GetCheckoutSessionAsync(sessionId, cancellationToken);
        if (fetched.Failure is { } failure)
        {
            return StripeResult<DuesNews>.Failed(failure.Kind, failure.Message, failure.Exception);
        }

        var session = fetched.Value!;
        return session is { Status: "complete", SubscriptionId: { } subscriptionId }
            ? await NewsAsync(session, subscriptionId, null, cancellationToken)
            : StripeResult<DuesNews>.Of(new DuesNews(session, null, null));
    }

    /// <summary>Asks Stripe about a subscription and its latest invoice (the reconciliation, after a missed <c>invoice.paid</c>).</summary>
    public Task<StripeResult<DuesNews>> AskAboutSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        NewsAsync(null, subscriptionId, null, cancellationToken);

    /// <summary>
    /// The member is back from Stripe's Checkout: their join's session is asked about and applied now (the webhook may
    /// not have arrived), so the page shows the truth. Whatever fails, the membership is shown as it stands; the webhook
    /// or the reconciliation settles it. Only the signed-in member's own membership is ever touched.
    /// </summary>
    public async Task SettleOnReturnAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var pending = await db.Memberships.AsNoTracking().AnyAsync(m => m.UserId == userId && m.PendingCheckoutSessionId == sessionId, cancellationToken);
        if (!pending || !stripe.IsConfigured)
        {
            return;
        }

        try
        {
            var asked = await AskAboutSessionAsync(sessionId, cancellationToken);
            if (asked.Failure is { } failure)
            {
                logger.LogWarning(failure.Exception, "The welcome page could not settle checkout {SessionId} now ({Reason}); the webhook or reconciliation will", sessionId, failure.Message);
                return;
            }

            await ApplyAsync(asked.Value!, "welcome page", cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The member has just paid: whatever failed here, show the membership as it stands.
            logger.LogWarning(ex, "The welcome page could not settle checkout {SessionId} now; the webhook or reconciliation will", sessionId);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Closes a join's checkout still open at Stripe, so its page can no longer take a payment (a new checkout, a cheque
    /// or the account's deletion comes instead). If it was paid meanwhile, the payment is applied and the reason returned;
    /// null when the checkout is closed (or was never reachable) and the caller can go on.
    /// </summary>
    public async Task<string?> CloseCheckoutAsync(int membershipId, string sessionId, CancellationToken cancellationToken)
    {
        var expired = await stripe.ExpireCheckoutSessionAsync(sessionId, cancellationToken);
        var asked = expired.Succeeded || expired.Failure is { Kind: StripeFailureKind.NotFound } ? null : await AskAboutSessionAsync(sessionId, cancellationToken);
        if (asked?.Value is { Session.Status: "complete" } news)
        {
            await ApplyAsync(news, "checkout closed", cancellationToken);
            return "A payment for the open checkout has just reached us, and is now on the membership page.";
        }

        if (asked is not null && asked.Value is not { Session.Status: "expired" })
        {
            logger.LogWarning(expired.Failure?.Exception, "Membership {MembershipId}: the open checkout {SessionId} could not be closed ({Reason})",
                membershipId, sessionId, expired.Failure?.Message);
            return "The payment service did not answer. Nothing was changed; please try again in a minute.";
        }

        await db.Memberships.Where(m => m.Id == membershipId && m.PendingCheckoutSessionId == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.PendingCheckoutSessionId, (string?)null).SetProperty(m => m.Version, m => m.Version + 1), cancellationToken);
        return null;
    }

    /// <summary>What Stripe said, fetched outside a webhook, applied in a transaction of its own.</summary>
    public Task<StripeEventOutcome> ApplyAsync(DuesNews news, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(news);
        return InTransactionAsync(() => ApplyCoreAsync(news, paymentFailed: false, actor, cancellationToken), cancellationToken);
    }

    private async Task<StripeResult<DuesNews>> NewsAsync(Session? session, string subscriptionId, string? invoiceId, CancellationToken cancellationToken)
    {
        var fetched = await stripe.GetSubscriptionNewsAsync(subscriptionId, invoiceId, cancellationToken);
        return fetched.Failure is { } failure
            ? StripeResult<DuesNews>.Failed(failure.Kind, failure.Message, failure.Exception)
            : StripeResult<DuesNews>.Of(new DuesNews(session, fetched.Value!.Subscription, fetched.Value.Invoice));
    }

    private static StripeResult<object?> Boxed(StripeResult<DuesNews> result) =>
        result.Failure is { } failure ? StripeResult<object?>.Failed(failure.Kind, failure.Message, failure.Exception) : StripeResult<object?>.Of(result.Value);

    private async Task<StripeEventOutcome> ApplyCoreAsync(DuesNews news, bool paymentFailed, string actor, CancellationToken cancellationToken)
    {
        var membership = await FindAsync(news, cancellationToken);
        if (membership is null)
        {
            logger.LogWarning("Stripe's news (session {SessionId}, subscription {SubscriptionId}, invoice {InvoiceId}) matches no membership",
                news.Session?.Id, news.Subscription?.Id, news.Invoice?.Id);
            return StripeEventOutcome.Unmatched;
        }

        var now = clock.GetUtcNow();
        if (news.Session is { } session)
        {
            if (membership.PendingCheckoutSessionId == session.Id && session.Status is "complete" or "expired")
            {
                membership.PendingCheckoutSessionId = null;
            }

            if (session is { Status: "complete", SubscriptionId: { } subscriptionId } && membership.StripeSubscriptionId != subscriptionId)
            {
                await LinkAsync(membership, subscriptionId, session.CustomerId, LevelIn(session.Metadata), actor, cancellationToken);
            }
        }

        if (news.Subscription is { } subscription)
        {
            if (membership.StripeSubscriptionId != subscription.Id && Renews(subscription) && !membership.AutoRenew)
            {
                // The session's news never came (or came for another session): the subscription names its membership.
                await LinkAsync(membership, subscription.Id, subscription.CustomerId, LevelIn(subscription.Metadata), actor, cancellationToken);
            }

            if (membership.StripeSubscriptionId == subscription.Id)
            {
                membership.AutoRenew = Renews(subscription);
                membership.StripeCustomerId ??= subscription.CustomerId;
                if (subscription.Status is "canceled" or "incomplete_expired")
                {
                    // Over for good: nothing can resume it; the membership runs to its paid-through date, and renewing
                    // starts a new subscription. Its late invoices still find the membership by their metadata.
                    membership.StripeSubscriptionId = null;
                    audit.Record(null, actor, "membership.subscription-ended", Subject(membership), $"Subscription {subscription.Id} ended; no more automatic renewals");
                }
            }
        }

        if (news.Invoice is { } invoice && Concerns(invoice, membership))
        {
            if (invoice is { Status: "paid", AmountPaid: > 0 })
            {
                await RecordPaymentAsync(membership, invoice, actor, now, cancellationToken);
            }
            else if (paymentFailed && invoice.Status == "open")
            {
                await PaymentFailedAsync(membership, invoice, now, cancellationToken);
            }
        }

        membership.UpdatedAt = now;
        membership.Version++;
        return StripeEventOutcome.Applied;
    }

    /// <summary>The membership Stripe's news is about: by its subscription, its pending session, or the id its metadata names.</summary>
    private async Task<SocietyMembership?> FindAsync(DuesNews news, CancellationToken cancellationToken)
    {
        var subscriptionId = news.Subscription?.Id ?? news.Session?.SubscriptionId ?? (news.Invoice is { } invoice ? DuesNews.SubscriptionOf(invoice) : null);
        if (subscriptionId is not null && await db.Memberships.FirstOrDefaultAsync(m => m.StripeSubscriptionId == subscriptionId, cancellationToken) is { } bySubscription)
        {
            return bySubscription;
        }

        var sessionId = news.Session?.Id;
        if (sessionId is not null && await db.Memberships.FirstOrDefaultAsync(m => m.PendingCheckoutSessionId == sessionId, cancellationToken) is { } bySession)
        {
            return bySession;
        }

        var id = DuesNews.MembershipIdIn(news.Session?.Metadata) ?? DuesNews.MembershipIdIn(news.Subscription?.Metadata)
            ?? DuesNews.MembershipIdIn(news.Invoice?.Parent?.SubscriptionDetails?.Metadata);
        return id is null ? null : await db.Memberships.FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    /// <summary>A join or rejoin was paid: the membership is now dues-paying, at the level chosen, renewing by default.</summary>
    private async Task LinkAsync(SocietyMembership membership, string subscriptionId, string? customerId, int? levelId, string actor, CancellationToken cancellationToken)
    {
        if (membership.StripeSubscriptionId is { } earlier && membership.AutoRenew)
        {
            // Two checkouts were paid (two tabs): both subscriptions would renew. Staff are told; the later one is kept.
            logger.LogError("Membership {MembershipId} has a second renewing subscription {SubscriptionId} besides {Earlier}: cancel and refund one",
                membership.Id, subscriptionId, earlier);
            audit.Record(null, actor, "membership.second-subscription", Subject(membership),
                $"A second subscription ({subscriptionId}) was paid while {earlier} still renews: cancel and refund one of them at Stripe.");
        }

        membership.StripeSubscriptionId = subscriptionId;
        membership.StripeCustomerId = customerId ?? membership.StripeCustomerId;
        membership.Kind = MembershipKind.Paid;
        membership.AutoRenew = true;
        if (levelId is { } level && level != membership.LevelId && await db.MembershipLevels.AnyAsync(l => l.Id == level, cancellationToken))
        {
            membership.LevelId = level;
        }
    }

    /// <summary>A paid invoice, counted once: the payment recorded, the paid-through date moved forward (never back), the member mailed.</summary>
    private async Task RecordPaymentAsync(SocietyMembership membership, Invoice invoice, string actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.MembershipPayments.AnyAsync(p => p.StripeInvoiceId == invoice.Id, cancellationToken))
        {
            return;
        }

        var line = invoice.Lines?.Data?.FirstOrDefault();
        var payment = new MembershipPayment
        {
            MembershipId = membership.Id,
            StripeInvoiceId = invoice.Id,
            AmountCents = invoice.AmountPaid,
            PaidAt = Utc(invoice.StatusTransitions?.PaidAt) ?? now,
            PeriodStart = Utc(line?.Period?.Start) ?? Utc(invoice.PeriodStart) ?? now,
            PeriodEnd = Utc(line?.Period?.End) ?? Utc(invoice.PeriodEnd) ?? now,
            ReceiptUrl = invoice.HostedInvoiceUrl,
            StripePaymentIntentId = invoice.Payments?.Data?.FirstOrDefault(p => p.Status == "paid")?.Payment?.PaymentIntentId,
        };
        db.MembershipPayments.Add(payment);

        var wasCurrent = membership.Kind == MembershipKind.Paid
            && MembershipState.IsCurrent(MembershipState.Of(membership, now, options.Value.GracePeriod));
        if (membership.PaidThrough is null || payment.PeriodEnd > membership.PaidThrough)
        {
            membership.PaidThrough = payment.PeriodEnd;
        }

        audit.Record(null, actor, "membership.paid", Subject(membership),
            $"{Display.Money(payment.AmountCents)} dues paid for the period ending {payment.PeriodEnd:yyyy-MM-dd} (invoice {invoice.Id})");
        if (await MailContextAsync(membership, cancellationToken) is { } member)
        {
            if (invoice.BillingReason == "subscription_create" || !wasCurrent)
            {
                emails.Welcome(member, payment);
            }
            else
            {
                emails.Renewed(member, payment);
            }
        }
    }

    /// <summary>
    /// A dues payment refunded in Stripe's dashboard (staff's refunds here are recorded by <see cref="MembershipAdministration"/>):
    /// the amount refunded so far is recorded, never less than before. The paid-through date is left as it is: whether a
    /// refund ends the membership is staff's decision (the runbook says how).
    /// </summary>
    private async Task<StripeEventOutcome> RefundedAsync(Charge charge, string actor, CancellationToken cancellationToken)
    {
        var payment = await db.MembershipPayments.Include(p => p.Membership).FirstOrDefaultAsync(p => p.StripePaymentIntentId == charge.PaymentIntentId, cancellationToken);
        if (payment is null)
        {
            return StripeEventOutcome.Unmatched;
        }

        if (charge.AmountRefunded > payment.RefundedCents)
        {
            payment.RefundedCents = Math.Min(charge.AmountRefunded, payment.AmountCents);
            payment.RefundedAt ??= clock.GetUtcNow();
            audit.Record(null, actor, "membership.refunded", Subject(payment.Membership!), $"{Display.Money(payment.RefundedCents)} of {Display.Money(payment.AmountCents)} refunded at Stripe");
        }

        return StripeEventOutcome.Applied;
    }

    /// <summary>A renewal charge failed: the member is told once per invoice (Stripe retries, and sends the event each time).</summary>
    private async Task PaymentFailedAsync(SocietyMembership membership, Invoice invoice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.MembershipNotices.AnyAsync(n => n.MembershipId == membership.Id && n.Kind == MembershipNotice.PaymentFailed && n.Key == invoice.Id, cancellationToken))
        {
            return;
        }

        db.MembershipNotices.Add(new MembershipNotice { MembershipId = membership.Id, Kind = MembershipNotice.PaymentFailed, Key = invoice.Id, SentAt = now });
        if (await MailContextAsync(membership, cancellationToken) is { } member)
        {
            emails.PaymentFailed(member, invoice.AmountDue);
        }
    }

    /// <summary>Who a membership's mail goes to; null when the account is gone.</summary>
    public async Task<MemberMailContext?> MailContextAsync(SocietyMembership membership, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(membership);
        if (membership.UserId is null)
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == membership.UserId)
            .Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync(cancellationToken);
        var level = await db.MembershipLevels.AsNoTracking().Where(l => l.Id == membership.LevelId).Select(l => l.Name).FirstOrDefaultAsync(cancellationToken);
        if (user?.Email is null || membership.SiteBase is null)
        {
            return null;
        }

        return new MemberMailContext(user.Email, user.DisplayName, level ?? "membership", membership.PaidThrough, membership.AutoRenew, new Uri(membership.SiteBase));
    }

    private async Task<T> InTransactionAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.RunInTransactionAsync(work, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear(); // a webhook or staff changed the same membership: read it again
            }
        }
    }

    /// <summary>Whether the subscription will charge again: live, and not set to end at its period's end.</summary>
    public static bool Renews(Subscription subscription) =>
        subscription is { Status: "active" or "trialing" or "past_due", CancelAtPeriodEnd: false, CancelAt: null };

    /// <summary>Whether an invoice bills this membership: its subscription's metadata names it, or it bills the membership's subscription.</summary>
    private static bool Concerns(Invoice invoice, SocietyMembership membership) =>
        DuesNews.MembershipIdIn(invoice.Parent?.SubscriptionDetails?.Metadata) == membership.Id
        || (membership.StripeSubscriptionId is not null && DuesNews.SubscriptionOf(invoice) == membership.StripeSubscriptionId);

    private static int? LevelIn(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(DuesNews.LevelKey, out var value)
        && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string Subject(SocietyMembership membership) =>
        membership.UserId is { } userId ? AccountSubjects.For(userId) : $"membership:{membership.Id}";

    private static DateTimeOffset? Utc(DateTime? value) =>
        value is { } moment && moment != default ? new DateTimeOffset(DateTime.SpecifyKind(moment, DateTimeKind.Utc)) : null;
}
