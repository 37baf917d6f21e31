using AmericanBalintSociety.Web.Features.Shop.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>A format and a quantity. No price: prices are read from the catalogue whenever they are shown or charged.</summary>
public class CartLine
{
    public int Id { get; set; }

    public Guid CartId { get; set; }

    public int BookFormatId { get; set; }

    public BookFormat? BookFormat { get; set; }

    public int Quantity { get; set; }
}

public sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasIndex(l => new { l.CartId, l.BookFormatId }).IsUnique();
        builder.HasOne(l => l.BookFormat).WithMany().HasForeignKey(l => l.BookFormatId).OnDelete(DeleteBehavior.Cascade);
    }
}
