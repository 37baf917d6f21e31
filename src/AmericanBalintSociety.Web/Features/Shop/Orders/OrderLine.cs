using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Orders;

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
