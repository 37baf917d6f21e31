using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Orders;

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
