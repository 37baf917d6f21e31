using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>One backup the running site made or tried (scheduled, before migrations, or from the command), for the dashboard.</summary>
public class BackupRun
{
    public int Id { get; set; }

    /// <summary>scheduled, before-migrations or command.</summary>
    public required string Kind { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The archive's file name, when it was written.</summary>
    public string? File { get; set; }

    public long? SizeBytes { get; set; }

    /// <summary>Why it failed; null when it worked.</summary>
    public string? Error { get; set; }
}

public sealed class BackupRunConfiguration : IEntityTypeConfiguration<BackupRun>
{
    public void Configure(EntityTypeBuilder<BackupRun> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(r => r.Kind).HasMaxLength(30);
        builder.Property(r => r.File).HasMaxLength(200);
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.HasIndex(r => r.StartedAt);
    }
}
