using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Orders;

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
