using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Catalog;

/// <summary>A book the society sells; each <see cref="BookFormat"/> is one thing a buyer can put in the cart.</summary>
public class Book
{
    public int Id { get; set; }

    public required string Slug { get; set; }

    public required string Title { get; set; }

    /// <summary>Authors in display order, one per line.</summary>
    public string Authors { get; set; } = "";

    /// <summary>Markdown.</summary>
    public string Description { get; set; } = "";

    /// <summary>The cover image's stored name (served from <c>/media/covers/</c>), if staff uploaded one.</summary>
    public string? CoverImage { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<BookFormat> Formats { get; set; } = [];

    public IEnumerable<string> AuthorList =>
        Authors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed class BookConfiguration : IEntityTypeConfiguration<Book>
{
    public void Configure(EntityTypeBuilder<Book> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(b => b.Slug).HasMaxLength(200);
        builder.HasIndex(b => b.Slug).IsUnique();
        builder.Property(b => b.Title).HasMaxLength(300);
        builder.Property(b => b.Authors).HasMaxLength(1000);
        builder.Property(b => b.CoverImage).HasMaxLength(100);
        builder.Ignore(b => b.AuthorList);
        builder.HasMany(b => b.Formats).WithOne(f => f.Book).HasForeignKey(f => f.BookId).OnDelete(DeleteBehavior.Cascade);
    }
}
