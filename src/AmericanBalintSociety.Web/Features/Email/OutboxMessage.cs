using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Email;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,

    /// <summary>Staff decided not to send it (a failed mail to a dead address, a duplicate).</summary>
    Cancelled,
}

/// <summary>
/// A mail waiting to go out. Written in the same transaction as whatever caused it, sent by the
/// <see cref="OutboxDispatcher"/>, kept afterwards as the record of what was sent.
/// </summary>
public class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The RFC 5322 Message-ID, fixed when queued so every attempt sends the same message.</summary>
    public required string MessageId { get; set; }

    public required string ToAddress { get; set; }

    public string? ToName { get; set; }

    public required string Subject { get; set; }

    public required string HtmlBody { get; set; }

    public required string TextBody { get; set; }

    /// <summary>Extra headers (e.g. List-Unsubscribe) as a JSON object.</summary>
    public string? HeadersJson { get; set; }

    /// <summary>What kind of mail this is (e.g. "account", "newsletter"), for staff and logs.</summary>
    public string? Category { get; set; }

    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Set while a dispatcher holds the message; another dispatcher leaves it alone until then.</summary>
    public DateTimeOffset? LockedUntil { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public string? LastError { get; set; }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(m => m.MessageId).HasMaxLength(200);
        builder.HasIndex(m => m.MessageId).IsUnique();
        builder.Property(m => m.ToAddress).HasMaxLength(320);
        builder.Property(m => m.ToName).HasMaxLength(200);
        builder.Property(m => m.Subject).HasMaxLength(500);
        builder.Property(m => m.Category).HasMaxLength(50);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.Category, m.Status }); // a newsletter's progress
    }
}
