using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>A message sent through the contact form: stored first, then mailed to the topic's recipients through the outbox.</summary>
public class ContactMessage
{
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int MessageMaxLength = 5000;

    public int Id { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public required string Name { get; set; }

    public required string Email { get; set; }

    /// <summary>The address upper-cased, as Identity normalizes an account's, to find a member's messages.</summary>
    public required string NormalizedEmail { get; set; }

    public ContactTopic Topic { get; set; }

    public required string Message { get; set; }

    public ContactMessageStatus Status { get; set; }

    /// <summary>When staff last marked it (answered or spam), and who.</summary>
    public DateTimeOffset? StatusChangedAt { get; set; }

    public string? StatusChangedBy { get; set; }

    /// <summary>The mail that carried it to the staff, deleted with the message (it holds the same text).</summary>
    public Guid? OutboxMessageId { get; set; }

    public static string Normalize(string email) => email.Trim().ToUpperInvariant();
}

public enum ContactMessageStatus
{
    New,
    Answered,
    Spam,
}

public sealed class ContactMessageConfiguration : IEntityTypeConfiguration<ContactMessage>
{
    public void Configure(EntityTypeBuilder<ContactMessage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(m => m.Name).HasMaxLength(ContactMessage.NameMaxLength);
        builder.Property(m => m.Email).HasMaxLength(ContactMessage.EmailMaxLength);
        builder.Property(m => m.Message).HasMaxLength(ContactMessage.MessageMaxLength);
        builder.Property(m => m.Topic).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.StatusChangedBy).HasMaxLength(256);
        builder.HasIndex(m => new { m.Status, m.ReceivedAt });
        builder.HasIndex(m => m.ReceivedAt);
        builder.Property(m => m.NormalizedEmail).HasMaxLength(ContactMessage.EmailMaxLength);
        builder.HasIndex(m => m.NormalizedEmail);
    }
}
