using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// A year's giving statement mailed to one donor: the row is written in the transaction that queues the mail, and
/// (year, donor) is unique, so each donor gets one per year however often the job runs, restarts, or runs on two
/// instances at once.
/// </summary>
public class GiftStatement
{
    public int Id { get; set; }

    public int Year { get; set; }

    /// <summary>The donor's address, upper-cased: the key a statement is sent once by.</summary>
    public required string DonorKey { get; set; }

    public int GiftCount { get; set; }

    public long TotalCents { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

public sealed class GiftStatementConfiguration : IEntityTypeConfiguration<GiftStatement>
{
    public void Configure(EntityTypeBuilder<GiftStatement> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(s => s.DonorKey).HasMaxLength(256);
        builder.HasIndex(s => new { s.Year, s.DonorKey }).IsUnique();
    }
}
