using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using AmericanBalintSociety.Web.Features.Shop.Downloads;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Shop.Checkout;

/// <summary>
/// The one path by which Stripe's word changes an order, whoever brings it: the webhook, the success page or the
/// reconciliation. Each call is one transaction; an order only moves forward (<see cref="OrderTransitions"/>), so
/// late, repeated, parallel and out-of-order news is harmless; fulfilment (stock, downloads, mail, emptied cart)
/// happens in the transaction that moves the order out of its open state, which only one caller can do.
/// </summary>
public sealed class OrderFulfilment(
    AppDbContext db, StripeGateway stripe, ShopEmails emails, EbookDownloads downloads, Carts.MemberCartCounts memberCounts, AfterCommit afterCommit,
    TimeProvider clock, IOptions<ShopOptions> options, ILogger<OrderFulfilment> logger) : IStripeEventConsumer
{
    /// <summary>
    /// The buyer is back from Stripe: the order of this Checkout Session as it stands, settled first from Stripe's word
    /// when it is still open (the webhook may not have arrived yet), so the page shows the truth. Whatever fails while
    /// settling, the order is shown as it is; the webhook or the reconciliation settles it. Null when no order has
    /// this session.
    /// </summary>
    public async Task<Order?> SettleOnReturnAsync(string sessionId, CancellationToken cancellationToken)
    {
        var order = await FindBySessionAsync(sessionId, cancellationToken);
        if (order is null || !OrderTransitions.IsOpen(order.Status) || !stripe.IsConfigured)
        {
            return order;
        }

        try
        {
            var fetched = await stripe.GetCheckoutSessionAsync(sessionId, cancellationToken);
            if (fetched.Failure is { } failure)
            {
                logger.LogWarning(failure.Exception, "The success page could not settle order {OrderNumber} now ({Reason}); the webhook or reconciliation will", order.Number, failure.Message);
                return order;
            }

            await ApplySessionAsync(fetched.Value!, "success page", cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The buyer has just paid: whatever failed here, show the order as it stands.
            logger.LogWarning(ex, "The success page could not settle order {OrderNumber} now; the webhook or reconciliation will", order.Number);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return await FindBySessionAsync(sessionId, cancellationToken) ?? order;
    }

    private Task<Order?> FindBySessionAsync(string sessionId, CancellationToken cancellationToken) =>
        db.Orders.AsNoTracking().Include(o => o.Lines).FirstOrDefaultAsync(o => o.StripeCheckoutSessionId == sessionId, cancellationToken);

    /// <summary>
    /// The shop's events: a one-off payment's Checkout Session (completed, paid later, failed, expired) and a refunded
    /// charge. A subscription's session is membership's (ADR 0015).
    /// </summary>
    public bool Handles(Event stripeEvent)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        return stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionCompleted or EventTypes.CheckoutSessionAsyncPaymentSucceeded or EventTypes.CheckoutSessionExpired
                or EventTypes.CheckoutSessionAsyncPaymentFailed => stripeEvent.Data.Object is Session { Mode: not "subscription" } session
                    && session.Metadata?.ContainsKey("gift_id") != true, // a gift's session is the donations' (issue 17)
            EventTypes.ChargeRefunded => stripeEvent.Data.Object is Charge,
            _ => false,
        };
    }

    /// <summary>A verified webhook event the dispatcher recorded, applied in its transaction.</summary>
    public async Task<StripeEventOutcome> ApplyAsync(Event stripeEvent, object? fetched, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stripeEvent);
        return stripeEvent.Type switch
        {
            EventTypes.CheckoutSessionAsyncPaymentFailed when stripeEvent.Data.Object is Session session =>
                await ApplyCoreAsync(session, actor, paymentFailed: true, cancellationToken),
            _ when stripeEvent.Data.Object is Session session => await ApplyCoreAsync(session, actor, paymentFailed: false, cancellationToken),
            EventTypes.ChargeRefunded when stripeEvent.Data.Object is Charge charge => await RefundedCoreAsync(charge, actor, cancellationToken),
            _ => StripeEventOutcome.Ignored,
        };
    }

    /// <summary>A Checkout Session fetched from Stripe (success page, reconciliation), through the same path as the webhook.</summary>
    public Task<StripeEventOutcome> ApplySessionAsync(Session session, string actor, CancellationToken cancellationToken) =>
        InTransactionAsync(() => ApplyCoreAsync(session, actor, paymentFailed: false, cancellationToken), cancellationToken);

    /// <summary>Staff refunded through Stripe: record it (once per refund id), revoke downloads, move the order.</summary>
    public Task<bool> RecordRefundAsync(int orderId, string stripeRefundId, long amountCents, string actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            if (order is null || await db.OrderRefunds.AnyAsync(r => r.StripeRefundId == stripeRefundId, cancellationToken))
            {
                return false;
            }

            db.OrderRefunds.Add(new OrderRefund { OrderId = order.Id, StripeRefundId = stripeRefundId, AmountCents = amountCents, CreatedAt = clock.GetUtcNow(), Actor = actor });

            // Stripe's charge.refunded may have arrived first and already counted this refund in its running total:
            // the order's total is the larger of that and the refunds recorded here, never their sum.
            var recorded = await db.OrderRefunds.Where(r => r.OrderId == order.Id).SumAsync(r => r.AmountCents, cancellationToken) + amountCents;
            await SetRefundedAsync(order, Math.Max(order.AmountRefundedCents, recorded), actor, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Cancels an order still open (the reconciliation, when Stripe has no such checkout).</summary>
    public Task<bool> CancelAsync(int orderId, string message, string actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            return order is not null && Move(order, OrderStatus.Cancelled, message, actor);
        }, cancellationToken);

    /// <summary>Staff release a held order: it is fulfilled now (stock taken, downloads granted, buyer mailed), or refused with the reason.</summary>
    public Task<Result> ReleaseAsync(int orderId, string actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async () =>
        {
            var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);
            if (order is not { Status: OrderStatus.OnHold })
            {
                return Result.Failure("Only an order on hold can be released.");
            }

            if (await TakeStockAsync(order, cancellationToken) is { } shortage)
            {
                return Result.Failure(shortage + " Add stock in the catalogue first, or refund the order.");
            }

            order.HoldReason = null;
            Fulfil(order, actor, $"Released by staff; paid {Money(order.AmountPaidCents)}.");
            return Result.Success();
        }, cancellationToken);

    private async Task<StripeEventOutcome> ApplyCoreAsync(Session session, string actor, bool paymentFailed, CancellationToken cancellationToken)
    {
        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.StripeCheckoutSessionId == session.Id, cancellationToken);
        if (order is null && int.TryParse(session.ClientReferenceId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var orderId))
        {
            // The session was created but its id never saved (the process stopped in between): the reference finds it.
            order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId && o.StripeCheckoutSessionId == null, cancellationToken);
            if (order is not null)
            {
                order.StripeCheckoutSessionId = session.Id;
            }
        }

        if (order is null)
        {
            logger.LogWarning("Stripe session {SessionId} matches no order (client reference {Reference})", session.Id, session.ClientReferenceId);
            return StripeEventOutcome.Unmatched;
        }

        CaptureBuyer(order, session);
        if (paymentFailed)
        {
            Move(order, OrderStatus.Cancelled, "The payment failed; nothing was charged.", actor);
        }
        else if (session.Status == "expired")
        {
            Move(order, OrderStatus.Cancelled, "Checkout expired without payment.", actor);
        }
        else if (session.Status == "complete")
        {
            if (session.PaymentStatus is "paid" or "no_payment_required")
            {
                await PayAsync(order, session, actor, cancellationToken);
            }
            else
            {
                Move(order, OrderStatus.PaymentProcessing, "Checkout completed; the payment is still being processed.", actor);
            }
        }

        return StripeEventOutcome.Applied;
    }

    private async Task PayAsync(Order order, Session session, string actor, CancellationToken cancellationToken)
    {
        if (!OrderTransitions.IsOpen(order.Status) && order.Status != OrderStatus.Cancelled)
        {
            return; // fulfilled (or held) already: a second word about the same payment changes nothing
        }

        var shipping = session.ShippingCost?.AmountTotal ?? 0;
        order.StripePaymentIntentId = session.PaymentIntentId ?? order.StripePaymentIntentId;
        order.AmountPaidCents = session.AmountTotal ?? 0;
        order.ShippingCents = shipping;
        order.TotalCents = order.SubtotalCents + shipping;
        order.PaidAt = clock.GetUtcNow();

        if (order.Status == OrderStatus.Cancelled)
        {
            Hold(order, $"A payment of {Money(order.AmountPaidCents)} arrived for an order that had been cancelled.", actor);
            return;
        }

        if (AmountProblem(order, session, shipping) is { } problem)
        {
            Hold(order, problem, actor);
            await EmptyCartOfAsync(order, cancellationToken);
            return;
        }

        if (await TakeStockAsync(order, cancellationToken) is { } shortage)
        {
            Hold(order, shortage, actor);
            await EmptyCartOfAsync(order, cancellationToken);
            return;
        }

        Fulfil(order, actor, $"Paid {Money(order.AmountPaidCents)}.");
        await EmptyCartOfAsync(order, cancellationToken);
        logger.LogInformation("Order {OrderNumber} paid and fulfilled ({Status}) via {Actor}", order.Number, order.Status, actor);
    }

    /// <summary>What was paid for leaves the cart (held or fulfilled alike); anything added since stays.</summary>
    private async Task EmptyCartOfAsync(Order order, CancellationToken cancellationToken)
    {
        if (order.CartId is { } cartId)
        {
            var formats = order.Lines.Select(l => l.BookFormatId).ToList();
            await db.Set<CartLine>().Where(l => l.CartId == cartId && formats.Contains(l.BookFormatId)).ExecuteDeleteAsync(cancellationToken);
            // Every instance counts the header's carts again, once the deletion is committed: told any earlier, a page read
            // in between would count the cart as it was, and keep that count for a minute. Not the request's token: once
            // committed, a buyer closing the page must not keep the other instances uninformed.
            await afterCommit.RunAsync(db, "telling the other instances a cart was emptied", () => memberCounts.CartsChangedAsync(CancellationToken.None));
        }
    }

    /// <summary>Stock already taken: grant the downloads, move the order on, and mail the confirmation.</summary>
    private void Fulfil(Order order, string actor, string message)
    {
        var links = new List<(OrderLine, Uri)>();
        var siteBase = new Uri(order.SiteBase);
        foreach (var line in order.Lines.Where(l => !l.IsPhysical))
        {
            links.Add((line, downloads.Link(siteBase, order.Number, downloads.Grant(order, line))));
        }

        Move(order, order.NeedsShipping ? OrderStatus.ToShip : OrderStatus.Completed, message, actor);
        emails.Confirmation(order, links, options.Value.DownloadLinkLifetime, options.Value.DownloadsPerLink);
    }

    /// <summary>Why the paid amount is not what was ordered, or null when it is.</summary>
    private string? AmountProblem(Order order, Session session, long shipping)
    {
        if (!string.Equals(session.Currency, order.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return $"Paid in {session.Currency?.ToUpperInvariant()}, not {order.Currency.ToUpperInvariant()}.";
        }

        if (session.AmountSubtotal != order.SubtotalCents)
        {
            return $"Stripe's subtotal {Money(session.AmountSubtotal ?? 0)} differs from the order's {Money(order.SubtotalCents)}.";
        }

        var allowedShipping = order.NeedsShipping ? options.Value.ShippingRates.Select(r => r.AmountCents).ToHashSet() : [0L];
        if (!allowedShipping.Contains(shipping))
        {
            return $"Shipping of {Money(shipping)} is not one of the rates offered.";
        }

        if (session.AmountTotal != order.SubtotalCents + shipping)
        {
            return $"Paid {Money(session.AmountTotal ?? 0)}, but the order comes to {Money(order.SubtotalCents + shipping)}.";
        }

        return null;
    }

    /// <summary>Takes the paperbacks from stock with conditional updates; on a shortage puts back what it took and says why.</summary>
    private async Task<string?> TakeStockAsync(Order order, CancellationToken cancellationToken)
    {
        var taken = new List<(int FormatId, int Quantity)>();
        foreach (var group in order.Lines.Where(l => l.IsPhysical).GroupBy(l => l.BookFormatId))
        {
            var quantity = group.Sum(l => l.Quantity);
            // A format whose copies are not counted (null) always has enough; null - n stays null.
            var updated = await db.BookFormats.Where(f => f.Id == group.Key && (f.Stock == null || f.Stock >= quantity))
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.Stock, f => f.Stock - quantity), cancellationToken);
            if (updated == 0)
            {
                foreach (var (formatId, q) in taken)
                {
                    await db.BookFormats.Where(f => f.Id == formatId).ExecuteUpdateAsync(s => s.SetProperty(f => f.Stock, f => f.Stock + q), cancellationToken);
                }

                var stock = await db.BookFormats.Where(f => f.Id == group.Key).Select(f => f.Stock).FirstOrDefaultAsync(cancellationToken);
                return $"Not enough copies: {quantity} of {group.First().Title} ({group.First().Format}) ordered, {stock} in stock.";
            }

            taken.Add((group.Key, quantity));
        }

        return null;
    }

    private async Task<StripeEventOutcome> RefundedCoreAsync(Charge charge, string actor, CancellationToken cancellationToken)
    {
        var order = charge.PaymentIntentId is null ? null
            : await db.Orders.FirstOrDefaultAsync(o => o.StripePaymentIntentId == charge.PaymentIntentId, cancellationToken);
        if (order is null)
        {
            logger.LogWarning("charge.refunded for payment {PaymentIntentId} matches no order", charge.PaymentIntentId);
            return StripeEventOutcome.Unmatched;
        }

        // Stripe's figure is the charge's total refunded so far: never less than what is already recorded.
        await SetRefundedAsync(order, Math.Max(order.AmountRefundedCents, charge.AmountRefunded), actor, cancellationToken);
        return StripeEventOutcome.Applied;
    }

    private async Task SetRefundedAsync(Order order, long refundedCents, string actor, CancellationToken cancellationToken)
    {
        if (refundedCents <= order.AmountRefundedCents && order.Status is OrderStatus.Refunded or OrderStatus.PartiallyRefunded)
        {
            return;
        }

        var added = refundedCents - order.AmountRefundedCents;
        order.AmountRefundedCents = refundedCents;
        var full = refundedCents >= order.AmountPaidCents;
        var moved = Move(order, full ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded,
            $"Refunded {Money(added)} (in all {Money(refundedCents)} of {Money(order.AmountPaidCents)}); ebook downloads revoked.", actor);
        if (!moved)
        {
            order.Version++;
            order.UpdatedAt = clock.GetUtcNow();
        }

        await downloads.RevokeAsync(order.Id, cancellationToken);
    }

    private static void CaptureBuyer(Order order, Session session)
    {
        if (!OrderTransitions.IsOpen(order.Status) && order.Status != OrderStatus.Cancelled)
        {
            return;
        }

        // Known as soon as checkout completes, so a refund made at Stripe during a slow payment still finds the order.
        order.StripePaymentIntentId = session.PaymentIntentId ?? order.StripePaymentIntentId;
        order.Email = session.CustomerDetails?.Email ?? session.CustomerEmail ?? order.Email;
        order.BuyerName = session.CustomerDetails?.Name ?? order.BuyerName;
        var shipping = session.CollectedInformation?.ShippingDetails;
        if (shipping?.Address is { } address)
        {
            order.ShippingName = shipping.Name;
            order.ShippingLine1 = address.Line1;
            order.ShippingLine2 = address.Line2;
            order.ShippingCity = address.City;
            order.ShippingState = address.State;
            order.ShippingPostalCode = address.PostalCode;
            order.ShippingCountry = address.Country;
        }
    }

    private void Hold(Order order, string reason, string actor)
    {
        order.HoldReason = reason;
        if (Move(order, OrderStatus.OnHold, $"Held for staff: {reason}", actor))
        {
            emails.Received(order);
            logger.LogWarning("Order {OrderNumber} held: {Reason}", order.Number, reason);
        }
    }

    /// <summary>Moves the order if the move is allowed (and records it in its history); false when it is not.</summary>
    private bool Move(Order order, OrderStatus to, string message, string actor)
    {
        if (!OrderTransitions.CanMove(order.Status, to))
        {
            logger.LogInformation("Order {OrderNumber}: {From} → {To} not allowed; event from {Actor} ignored", order.Number, order.Status, to, actor);
            return false;
        }

        var now = clock.GetUtcNow();
        order.Status = to;
        order.UpdatedAt = now;
        order.Version++;
        if (to == OrderStatus.Cancelled)
        {
            order.CancelledAt = now;
        }

        db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, At = now, Kind = to.ToString(), Message = message, Actor = actor });
        return true;
    }

    /// <summary>One transaction; a lost optimistic-concurrency race is retried from a fresh read (it then finds the order moved on).</summary>
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
                db.ChangeTracker.Clear();
            }
        }
    }

    private static string Money(long cents) => Shared.Display.Money(cents);
}
