using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Data.Seeding;

/// <summary>
/// One row per piece of seed content ever loaded. Seeding skips what is recorded here, so a restart adds
/// nothing and an article staff deleted or edited is never brought back or overwritten.
/// </summary>
public class SeedRecord
{
    public required string Key { get; set; }

    public DateTimeOffset AppliedAt { get; set; }
}

public sealed class SeedRecordConfiguration : IEntityTypeConfiguration<SeedRecord>
{
    public void Configure(EntityTypeBuilder<SeedRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(200);
    }
}
