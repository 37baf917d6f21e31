using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Shop.Downloads;

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

public sealed class DownloadGrantConfiguration : IEntityTypeConfiguration<DownloadGrant>
{
    public void Configure(EntityTypeBuilder<DownloadGrant> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasIndex(g => g.OrderId);
    }
}
