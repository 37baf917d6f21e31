using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Data.Auditing;

/// <summary>Who did what, when: one row per staff change (articles, members, orders…). Never updated or deleted by the site.</summary>
public class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string? ActorId { get; set; }

    /// <summary>The actor's email or name at the time (replaced by "deleted account" when that account is deleted).</summary>
    public required string Actor { get; set; }

    /// <summary>e.g. <c>article.published</c>.</summary>
    public required string Action { get; set; }

    /// <summary>What it was done to, e.g. <c>article:12</c>.</summary>
    public required string Subject { get; set; }

    public string? Details { get; set; }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(e => e.ActorId).HasMaxLength(450);
        builder.Property(e => e.Actor).HasMaxLength(256);
        builder.Property(e => e.Action).HasMaxLength(64);
        builder.Property(e => e.Subject).HasMaxLength(128);
        builder.Property(e => e.Details).HasMaxLength(2000);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => e.Subject);
        builder.HasIndex(e => e.ActorId);
    }
}
