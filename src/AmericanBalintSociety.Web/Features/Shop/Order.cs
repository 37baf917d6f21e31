using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop;

/// <summary>Where an order is. <see cref="OrderTransitions"/> says which moves are allowed: an order never moves backwards.</summary>
public enum OrderStatus
{
    /// <summary>Created at checkout; the buyer is at Stripe (or left).</summary>
    Pending,

    /// <summary>Checkout completed with a payment that is still clearing (e.g. a bank debit).</summary>
    PaymentProcessing,

    /// <summary>Paid, fulfilment waits for staff (an amount that differs from the order, or too few copies in stock).</summary>
    OnHold,

    /// <summary>Paid; the paperback waits for staff to ship it.</summary>
    ToShip,

    /// <summary>Paid and shipped.</summary>
    Shipped,

    /// <summary>Paid and delivered (ebook only).</summary>
    Completed,

    /// <summary>Part of the payment was refunded; ebook downloads are revoked.</summary>
    PartiallyRefunded,

    /// <summary>The whole payment was refunded; ebook downloads are revoked.</summary>
    Refunded,

    /// <summary>Never paid: checkout expired or the payment failed.</summary>
    Cancelled,
}

/// <summary>An order's state in words, for buyers and staff.</summary>
public static class OrderStatusText
{
    public static string Of(OrderStatus status) => status switch
    {
        OrderStatus.Pending => "Waiting for payment",
        OrderStatus.PaymentProcessing => "Payment processing",
        OrderStatus.OnHold => "On hold",
        OrderStatus.ToShip => "To ship",
        OrderStatus.Shipped => "Shipped",
        OrderStatus.Completed => "Completed",
        OrderStatus.PartiallyRefunded => "Partly refunded",
        OrderStatus.Refunded => "Refunded",
        _ => "Cancelled",
    };
}

/// <summary>The allowed moves between order states. Late, repeated or out-of-order events ask for a move that is not here, and nothing happens.</summary>
public static class OrderTransitions
{
    private static readonly Dictionary<OrderStatus, OrderStatus[]> Allowed = new()
    {
        [OrderStatus.Pending] = [OrderStatus.PaymentProcessing, OrderStatus.ToShip, OrderStatus.Completed, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.PaymentProcessing] = [OrderStatus.ToShip, OrderStatus.Completed, OrderStatus.OnHold, OrderStatus.Cancelled],
        [OrderStatus.OnHold] = [OrderStatus.ToShip, OrderStatus.Completed, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.ToShip] = [OrderStatus.Shipped, OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.Shipped] = [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.Completed] = [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.PartiallyRefunded] = [OrderStatus.PartiallyRefunded, OrderStatus.Refunded, OrderStatus.Shipped],
        [OrderStatus.Refunded] = [],
        // A payment that arrives for a cancelled order (it should not happen) is held for staff, never lost.
        [OrderStatus.Cancelled] = [OrderStatus.OnHold],
    };

    public static bool CanMove(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    /// <summary>States in which the buyer has paid (and may be refunded).</summary>
    public static bool IsPaid(OrderStatus status) =>
        status is OrderStatus.OnHold or OrderStatus.ToShip or OrderStatus.Shipped or OrderStatus.Completed or OrderStatus.PartiallyRefunded or OrderStatus.Refunded;

    /// <summary>States still waiting for Stripe to say how checkout ended.</summary>
    public static bool IsOpen(OrderStatus status) => status is OrderStatus.Pending or OrderStatus.PaymentProcessing;
}

/// <summary>An order: lines and prices copied from the catalogue at checkout, then driven by Stripe's events and staff.</summary>
public class Order
{
    public int Id { get; set; }

    /// <summary>What the buyer and staff call it, e.g. <c>ABS-7K3Q-9XM2</c> (random, so order numbers reveal nothing).</summary>
    public required string Number { get; set; }

    public OrderStatus Status { get; set; }

    /// <summary>The member who ordered, when signed in; null for a guest (or once the member deleted their account).</summary>
    public string? UserId { get; set; }

    /// <summary>The cart it was made from, emptied when the order is paid.</summary>
    public Guid? CartId { get; set; }

    public string? Email { get; set; }

    public string? BuyerName { get; set; }

    public string? ShippingName { get; set; }

    public string? ShippingLine1 { get; set; }

    public string? ShippingLine2 { get; set; }

    public string? ShippingCity { get; set; }

    public string? ShippingState { get; set; }

    public string? ShippingPostalCode { get; set; }

    public string? ShippingCountry { get; set; }

    public string Currency { get; set; } = "usd";

    public long SubtotalCents { get; set; }

    public long ShippingCents { get; set; }

    public long TotalCents { get; set; }

    public long AmountPaidCents { get; set; }

    public long AmountRefundedCents { get; set; }

    public bool NeedsShipping { get; set; }

    /// <summary>The site's address at checkout, for links in mail sent later by background work.</summary>
    public string SiteBase { get; set; } = "";

    public string? StripeCheckoutSessionId { get; set; }

    public string? StripePaymentIntentId { get; set; }

    public string? HoldReason { get; set; }

    public string? Carrier { get; set; }

    public string? TrackingNumber { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    public DateTimeOffset? ShippedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>When the reconciliation last asked Stripe about this open order.</summary>
    public DateTimeOffset? ReconciledAt { get; set; }

    /// <summary>Optimistic concurrency: two paths fulfilling one order at once cannot both win.</summary>
    public int Version { get; set; }

    public List<OrderLine> Lines { get; set; } = [];

    public List<OrderEvent> Events { get; set; } = [];
}

public class OrderLine
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public int BookFormatId { get; set; }

    public required string Sku { get; set; }

    public required string Title { get; set; }

    public required string Format { get; set; }

    public long UnitPriceCents { get; set; }

    public int Quantity { get; set; }

    public bool IsPhysical { get; set; }

    public long LineTotalCents => UnitPriceCents * Quantity;
}

/// <summary>One entry in an order's history: what happened, when, and who or what did it.</summary>
public class OrderEvent
{
    public long Id { get; set; }

    public int OrderId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>e.g. <c>checkout.started</c>, <c>paid</c>, <c>held</c>, <c>shipped</c>, <c>refunded</c>.</summary>
    public required string Kind { get; set; }

    public required string Message { get; set; }

    /// <summary>"stripe webhook", "success page", "reconciliation", or the staff member.</summary>
    public required string Actor { get; set; }
}

/// <summary>A Stripe event that has been handled: its id is recorded once, in the transaction of its effect.</summary>
public class StripeEventRecord
{
    public required string Id { get; set; }

    public required string Type { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>A refund made through Stripe (by staff here, or seen in a <c>charge.refunded</c> event).</summary>
public class OrderRefund
{
    public int Id { get; set; }

    public int OrderId { get; set; }

    public required string StripeRefundId { get; set; }

    public long AmountCents { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string Actor { get; set; }
}

/// <summary>
/// The right to download an order's ebook: valid until <see cref="ExpiresAt"/> and for <see cref="MaxDownloads"/>
/// downloads. Its id is inside the signed link; a refund revokes every grant of the order.
/// </summary>
public class DownloadGrant
{
    public Guid Id { get; set; }

    public int OrderId { get; set; }

    public int OrderLineId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int MaxDownloads { get; set; }

    public int Downloads { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

public sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(o => o.Number).HasMaxLength(20);
        builder.HasIndex(o => o.Number).IsUnique();
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(o => new { o.Status, o.CreatedAt });
        builder.HasIndex(o => o.CreatedAt);
        builder.Property(o => o.UserId).HasMaxLength(450);
        builder.HasIndex(o => o.UserId);
        builder.Property(o => o.Email).HasMaxLength(320);
        builder.HasIndex(o => o.Email);
        builder.Property(o => o.BuyerName).HasMaxLength(200);
        builder.Property(o => o.ShippingName).HasMaxLength(200);
        builder.Property(o => o.ShippingLine1).HasMaxLength(200);
        builder.Property(o => o.ShippingLine2).HasMaxLength(200);
        builder.Property(o => o.ShippingCity).HasMaxLength(100);
        builder.Property(o => o.ShippingState).HasMaxLength(100);
        builder.Property(o => o.ShippingPostalCode).HasMaxLength(20);
        builder.Property(o => o.ShippingCountry).HasMaxLength(2);
        builder.Property(o => o.Currency).HasMaxLength(3);
        builder.Property(o => o.SiteBase).HasMaxLength(300);
        builder.Property(o => o.StripeCheckoutSessionId).HasMaxLength(255);
        builder.HasIndex(o => o.StripeCheckoutSessionId).IsUnique();
        builder.Property(o => o.StripePaymentIntentId).HasMaxLength(255);
        builder.HasIndex(o => o.StripePaymentIntentId);
        builder.Property(o => o.HoldReason).HasMaxLength(500);
        builder.Property(o => o.Carrier).HasMaxLength(100);
        builder.Property(o => o.TrackingNumber).HasMaxLength(100);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(o => o.Events).WithOne().HasForeignKey(e => e.OrderId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(l => l.Sku).HasMaxLength(64);
        builder.Property(l => l.Title).HasMaxLength(300);
        builder.Property(l => l.Format).HasMaxLength(64);
        builder.Ignore(l => l.LineTotalCents);
    }
}

public sealed class OrderEventConfiguration : IEntityTypeConfiguration<OrderEvent>
{
    public void Configure(EntityTypeBuilder<OrderEvent> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(e => e.Kind).HasMaxLength(50);
        builder.Property(e => e.Message).HasMaxLength(1000);
        builder.Property(e => e.Actor).HasMaxLength(256);
    }
}

public sealed class StripeEventRecordConfiguration : IEntityTypeConfiguration<StripeEventRecord>
{
    public void Configure(EntityTypeBuilder<StripeEventRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("StripeEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(255);
        builder.Property(e => e.Type).HasMaxLength(100);
    }
}

public sealed class OrderRefundConfiguration : IEntityTypeConfiguration<OrderRefund>
{
    public void Configure(EntityTypeBuilder<OrderRefund> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(r => r.StripeRefundId).HasMaxLength(255);
        builder.HasIndex(r => r.StripeRefundId).IsUnique();
        builder.HasIndex(r => r.OrderId);
        builder.Property(r => r.Actor).HasMaxLength(256);
    }
}

public sealed class DownloadGrantConfiguration : IEntityTypeConfiguration<DownloadGrant>
{
    public void Configure(EntityTypeBuilder<DownloadGrant> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasIndex(g => g.OrderId);
    }
}
