using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Catalog;

/// <summary>A sellable format of a book (paperback, ebook), priced in US cents.</summary>
public class BookFormat
{
    public int Id { get; set; }

    public int BookId { get; set; }

    public Book? Book { get; set; }

    /// <summary>Stock-keeping unit, e.g. <c>RCCP-PB</c>.</summary>
    public required string Sku { get; set; }

    /// <summary>"Paperback", "Ebook".</summary>
    public required string Format { get; set; }

    /// <summary>Price in cents (USD). Money is never a floating-point number here.</summary>
    public long PriceCents { get; set; }

    /// <summary>Needs a shipping address; staff ship it.</summary>
    public bool IsPhysical { get; set; }

    /// <summary>False while the price is the seeded placeholder; the admin shows it as "set by staff" once changed.</summary>
    public bool PriceSetByStaff { get; set; }

    public bool IsActive { get; set; } = true;

    /// <summary>
    /// Copies on hand (physical formats): fulfilment takes from it, and an order that would oversell is held. Null means
    /// not counted (the seed's <c>stock: null</c>): the format can be ordered until staff enter a count.
    /// </summary>
    public int? Stock { get; set; }

    /// <summary>The attached ebook's stored name under the ebook folder (outside wwwroot); null until staff attach it.</summary>
    public string? EbookFile { get; set; }

    /// <summary>The name the buyer's download is saved as, e.g. <c>restoring-the-core.pdf</c>.</summary>
    public string? EbookDownloadName { get; set; }

    /// <summary><c>application/pdf</c> or <c>application/epub+zip</c>.</summary>
    public string? EbookContentType { get; set; }

    /// <summary>Optimistic concurrency for staff edits (stock is changed with single conditional updates instead).</summary>
    public int Version { get; set; }

    /// <summary>Whether a buyer can put it in the cart now: active, and an ebook has its file.</summary>
    public bool CanBeOrdered => IsActive && (IsPhysical || EbookFile is not null);
}

public sealed class BookFormatConfiguration : IEntityTypeConfiguration<BookFormat>
{
    public void Configure(EntityTypeBuilder<BookFormat> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(f => f.Sku).HasMaxLength(64);
        builder.HasIndex(f => f.Sku).IsUnique();
        builder.Property(f => f.Format).HasMaxLength(64);
        builder.Property(f => f.EbookFile).HasMaxLength(100);
        builder.Property(f => f.EbookDownloadName).HasMaxLength(200);
        builder.Property(f => f.EbookContentType).HasMaxLength(100);
        builder.Property(f => f.Version).IsConcurrencyToken();
        builder.Ignore(f => f.CanBeOrdered);
    }
}
