using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.MailingList;

public enum NewsletterStatus
{
    Draft,
    Sending,
    Sent,
}

/// <summary>
/// A mail to every confirmed subscriber: an article or a message written in Markdown. What is sent is the snapshot
/// staff previewed (<see cref="HtmlBody"/>), handed to the outbox in batches; <see cref="LastSubscriberId"/> is the
/// cursor, committed with each batch's mails, so a restart carries on where it stopped and nobody gets it twice.
/// </summary>
public class Newsletter
{
    public int Id { get; set; }

    public required string Subject { get; set; }

    /// <summary>The article it sends, if any.</summary>
    public int? ArticleId { get; set; }

    /// <summary>The message as written, when it is not an article.</summary>
    public string? BodyMarkdown { get; set; }

    /// <summary>The mail's body as previewed and sent (sanitized, links absolute), without the list footer.</summary>
    public string HtmlBody { get; set; } = "";

    /// <summary>The site's address the links were made for (taken from the request that composed it).</summary>
    public required string SiteBase { get; set; }

    public NewsletterStatus Status { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SendStartedAt { get; set; }

    public string? SentBy { get; set; }

    public DateTimeOffset? SendCompletedAt { get; set; }

    /// <summary>Confirmed subscribers when sending started (the progress bar's whole).</summary>
    public int RecipientCount { get; set; }

    /// <summary>Mails handed to the outbox so far.</summary>
    public int QueuedCount { get; set; }

    /// <summary>The highest subscriber id already queued: the next batch starts after it.</summary>
    public int LastSubscriberId { get; set; }

    /// <summary>Optimistic concurrency: an edit of a changed draft, or two senders on one batch, cannot both win.</summary>
    public int Version { get; set; } = 1;
}

public sealed class NewsletterConfiguration : IEntityTypeConfiguration<Newsletter>
{
    public void Configure(EntityTypeBuilder<Newsletter> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(n => n.Subject).HasMaxLength(200);
        builder.Property(n => n.SiteBase).HasMaxLength(300);
        builder.Property(n => n.CreatedBy).HasMaxLength(256);
        builder.Property(n => n.SentBy).HasMaxLength(256);
        builder.Property(n => n.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(n => n.Status);
        builder.Property(n => n.Version).IsConcurrencyToken();
    }
}
