using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>An uploaded CSV waiting for its columns to be mapped; its content is erased once imported.</summary>
public class SubscriberImport
{
    public Guid Id { get; set; }

    public required string FileName { get; set; }

    public string Content { get; set; } = "";

    public DateTimeOffset UploadedAt { get; set; }

    public required string UploadedBy { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>The import's report (<see cref="ImportReport"/>) as JSON.</summary>
    public string? ReportJson { get; set; }

    /// <summary>Optimistic concurrency: the same import submitted twice runs once.</summary>
    public int Version { get; set; }
}

public sealed class SubscriberImportConfiguration : IEntityTypeConfiguration<SubscriberImport>
{
    public void Configure(EntityTypeBuilder<SubscriberImport> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(i => i.FileName).HasMaxLength(200);
        builder.Property(i => i.UploadedBy).HasMaxLength(256);
        builder.Property(i => i.Version).IsConcurrencyToken();
    }
}
