using System.Globalization;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Checkout;
using AmericanBalintSociety.Web.Features.Shop.Downloads;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace AmericanBalintSociety.Web.Features.Shop.Orders;

public sealed record OrderRow(int Id, string Number, OrderStatus Status, string? Email, string? BuyerName, long TotalCents, long PaidCents, long RefundedCents, DateTimeOffset CreatedAt, bool NeedsShipping);

public sealed record OrderCounts(int ToShip, int OnHold, int Open);

public sealed record OrderDetails(Order Order, IReadOnlyList<OrderRefund> Refunds, IReadOnlyList<DownloadGrant> Grants);

/// <summary>Staff's side of orders: find, read, ship, refund (through Stripe), release a hold, export.</summary>
public sealed class OrderAdministration(
    AppDbContext db, StripeGateway stripe, OrderFulfilment fulfilment, ShopEmails emails, AuditLog audit, TimeProvider clock,
    ILogger<OrderAdministration> logger)
{
    public const int PageSize = 25;

    public async Task<Paged<OrderRow>> SearchAsync(string? query, OrderStatus? status, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        var rows = Filter(query, status);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .Select(o => new OrderRow(o.Id, o.Number, o.Status, o.Email, o.BuyerName, o.TotalCents, o.AmountPaidCents, o.AmountRefundedCents, o.CreatedAt, o.NeedsShipping))
            .ToListAsync(cancellationToken);
        return new Paged<OrderRow>(items, page, PageSize, total);
    }

    public async Task<OrderCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.ToShip || o.Status == OrderStatus.OnHold || o.Status == OrderStatus.Pending || o.Status == OrderStatus.PaymentProcessing)
            .GroupBy(o => o.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(params OrderStatus[] statuses) => counts.Where(c => statuses.Contains(c.Key)).Sum(c => c.Count);
        return new OrderCounts(Count(OrderStatus.ToShip), Count(OrderStatus.OnHold), Count(OrderStatus.Pending, OrderStatus.PaymentProcessing));
    }

    public async Task<OrderDetails?> GetAsync(int id, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Events.OrderBy(e => e.Id))
            .FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null)
        {
            return null;
        }

        var refunds = await db.OrderRefunds.AsNoTracking().Where(r => r.OrderId == id).OrderBy(r => r.Id).ToListAsync(cancellationToken);
        var grants = await db.DownloadGrants.AsNoTracking().Where(g => g.OrderId == id).OrderBy(g => g.CreatedAt).ToListAsync(cancellationToken);
        return new OrderDetails(order, refunds, grants);
    }

    /// <summary>Marks a paperback order shipped with carrier and tracking number, and mails the buyer, in one save.</summary>
    public async Task<Result> MarkShippedAsync(int id, string? carrier, string? tracking, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        carrier = carrier?.Trim();
        tracking = tracking?.Trim();
        var errors = new List<string>();
        if (string.IsNullOrEmpty(carrier) || carrier.Length > 100)
        {
            errors.Add("Enter the carrier (at most 100 characters), e.g. USPS.");
        }

        if (string.IsNullOrEmpty(tracking) || tracking.Length > 100)
        {
            errors.Add("Enter the tracking number (at most 100 characters).");
        }

        if (errors.Count > 0)
        {
            return Result.Failure([.. errors]);
        }

        var order = await db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderTransitions.CanMove(order.Status, OrderStatus.Shipped) || !order.NeedsShipping || order.ShippedAt is not null)
        {
            return Result.Failure("Only a paid paperback order that has not shipped yet can be marked shipped.");
        }

        var now = clock.GetUtcNow();
        order.Status = OrderStatus.Shipped;
        order.Carrier = carrier;
        order.TrackingNumber = tracking;
        order.ShippedAt = now;
        order.UpdatedAt = now;
        order.Version++;
        db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, At = now, Kind = nameof(OrderStatus.Shipped), Message = $"Shipped by {carrier}, tracking {tracking}.", Actor = Actor(actor) });
        emails.Shipped(order);
        audit.Record(actor, "order.shipped", $"order:{order.Id}", order.Number);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Failure("The order changed at the same moment (a payment event or another staff member). Look at it again.");
        }

        return Result.Success($"Order {order.Number} is marked shipped and the buyer has been mailed.");
    }

    /// <summary>
    /// Refunds through Stripe (all or part of what is left), with the form's request key as the idempotency key so a
    /// double click refunds once; then records it, revokes ebook downloads and moves the order.
    /// </summary>
    public async Task<Result> RefundAsync(int id, string? amountText, string requestKey, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        if (!stripe.IsConfigured)
        {
            return Result.Failure("Refunds need Stripe, which is not configured (Stripe:SecretKey).");
        }

        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is null || !OrderTransitions.IsPaid(order.Status) || order.StripePaymentIntentId is null)
        {
            return Result.Failure("Only a paid order can be refunded.");
        }

        var refundable = order.AmountPaidCents - order.AmountRefundedCents;
        if (!Display.TryParseDollars(amountText, out var cents) || cents <= 0 || cents > refundable)
        {
            return Result.Failure($"Enter an amount from $0.01 to {Shared.Display.Money(refundable)}, e.g. 9.99.");
        }

        if (string.IsNullOrWhiteSpace(requestKey) || requestKey.Length > 100)
        {
            return Result.Failure("The form was incomplete; reload the page and try again.");
        }

        var refunded = await stripe.RefundAsync(
            new RefundCreateOptions { PaymentIntent = order.StripePaymentIntentId, Amount = cents, Metadata = new Dictionary<string, string> { ["order_number"] = order.Number } },
            $"refund-{order.Number}-{requestKey}", cancellationToken);
        if (refunded.Failure is { } failure)
        {
            logger.LogError(failure.Exception, "Refund of order {OrderNumber} failed at Stripe: {Reason}", order.Number, failure.Message);
            return Result.Failure($"Stripe did not make the refund ({failure.Message}). Nothing was refunded; try again.");
        }

        var refund = refunded.Value!;

        if (refund.Status is "failed" or "canceled")
        {
            logger.LogWarning("Refund {RefundId} of order {OrderNumber} came back {Status}", refund.Id, order.Number, refund.Status);
            return Result.Failure($"Stripe could not make the refund (it is {refund.Status}). Nothing was refunded; see the payment in the Stripe dashboard.");
        }

        // "succeeded", or "pending" (some payment methods take days): either way the money is on its way back, and the
        // refund is recorded now; a later failure would come as a charge.refund.updated event, which is not handled yet.
        var recorded = await fulfilment.RecordRefundAsync(order.Id, refund.Id, refund.Amount, Actor(actor), cancellationToken);
        if (recorded)
        {
            audit.Record(actor, "order.refunded", $"order:{order.Id}", $"{order.Number}: {Shared.Display.Money(refund.Amount)} ({refund.Id})");
            await db.SaveChangesAsync(cancellationToken);
        }

        return Result.Success(recorded
            ? $"Refunded {Shared.Display.Money(refund.Amount)}. Ebook downloads for this order no longer work."
            : "That refund was already made (the form was sent twice); nothing more was refunded.");
    }

    /// <summary>Fulfils a held order after staff checked it (stock arrived, the amount is right after all).</summary>
    public async Task<Result> ReleaseHoldAsync(int id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (order is not { Status: OrderStatus.OnHold })
        {
            return Result.Failure("Only an order on hold can be released.");
        }

        var released = await fulfilment.ReleaseAsync(id, Actor(actor), cancellationToken);
        if (!released.Succeeded)
        {
            return released;
        }

        audit.Record(actor, "order.released", $"order:{id}", order.Number);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success($"Order {order.Number} was released and fulfilled.");
    }

    /// <summary>The orders (as filtered) as CSV, formula cells escaped; audited (it holds buyers' details).</summary>
    public async Task ExportAsync(TextWriter writer, string? query, OrderStatus? status, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        audit.Record(actor, "orders.exported", "orders", status?.ToString() ?? "all");
        await db.SaveChangesAsync(cancellationToken);
        await using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, true);
        csv.WriteHeader(["number", "status", "created_at", "email", "name", "items", "subtotal", "shipping", "paid", "refunded", "ship_to", "carrier", "tracking"]);
        await foreach (var o in Filter(query, status).Include(o => o.Lines).OrderBy(o => o.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(o.Number);
            csv.WriteField(o.Status.ToString());
            csv.WriteField(o.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(o.Email);
            csv.WriteField(o.BuyerName);
            csv.WriteField(string.Join("; ", o.Lines.Select(l => $"{l.Quantity} × {l.Sku}")));
            csv.WriteField(Display.Dollars(o.SubtotalCents));
            csv.WriteField(Display.Dollars(o.ShippingCents));
            csv.WriteField(Display.Dollars(o.AmountPaidCents));
            csv.WriteField(Display.Dollars(o.AmountRefundedCents));
            csv.WriteField(string.Join(", ", new[] { o.ShippingName, o.ShippingLine1, o.ShippingLine2, o.ShippingCity, o.ShippingState, o.ShippingPostalCode, o.ShippingCountry }.Where(p => !string.IsNullOrEmpty(p))));
            csv.WriteField(o.Carrier);
            csv.WriteField(o.TrackingNumber);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private IQueryable<Order> Filter(string? query, OrderStatus? status)
    {
        var orders = db.Orders.AsNoTracking();
        if (status is { } wanted)
        {
            orders = orders.Where(o => o.Status == wanted);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = Like.Contains(query.Trim());
            orders = orders.Where(o => EF.Functions.Like(o.Number, pattern, Like.EscapeCharacter) || EF.Functions.Like(o.Email, pattern, Like.EscapeCharacter));
        }

        return orders;
    }


    private static string Actor(ClaimsPrincipal actor) => actor.Identity?.Name ?? "staff";
}
