using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Orders;

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
