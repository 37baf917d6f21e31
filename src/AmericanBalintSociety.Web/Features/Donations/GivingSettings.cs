using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>The giving page's settings staff change (one row): the preset amounts offered.</summary>
public class GivingSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Whole dollars, ascending, comma-separated ("25,50,100,250").</summary>
    public required string PresetDollars { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public int Version { get; set; }
}

public sealed class GivingSettingsConfiguration : IEntityTypeConfiguration<GivingSettings>
{
    public void Configure(EntityTypeBuilder<GivingSettings> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.PresetDollars).HasMaxLength(100);
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
