using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>
/// A shopping cart: a visitor's, found by the id in their cart cookie, or a member's, found by their account. It lives
/// in the database, so it survives restarts; a visitor's is merged into the member's at sign-in; it expires 30 days
/// after its last change.
/// </summary>
public class Cart
{
    public Guid Id { get; set; }

    /// <summary>The member whose cart this is; null for a visitor's.</summary>
    public string? UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public List<CartLine> Lines { get; set; } = [];
}

public sealed class CartConfiguration : IEntityTypeConfiguration<Cart>
{
    public void Configure(EntityTypeBuilder<Cart> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(c => c.UserId).HasMaxLength(450);
        builder.HasIndex(c => c.UserId).IsUnique();
        builder.HasIndex(c => c.ExpiresAt);
        builder.HasMany(c => c.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
    }
}
