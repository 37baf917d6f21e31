using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.MailingList;

public enum SubscriberStatus
{
    /// <summary>Asked to join; the confirmation link has not been used yet. Gets no list mail.</summary>
    Pending,

    /// <summary>Confirmed (double opt-in, a signed-in member, or imported from the old site). Gets list mail.</summary>
    Confirmed,

    /// <summary>Left the list. Gets nothing; only their own double opt-in brings them back, never an import.</summary>
    Unsubscribed,

    /// <summary>Removed by staff: the address and name are erased, only <see cref="Subscriber.AddressHash"/> remains to suppress it.</summary>
    Removed,
}

/// <summary>Where a subscriber's consent was given.</summary>
public enum SubscriptionSource
{
    SignupPage,
    HomePage,
    Registration,
    Account,
    Import,
}

/// <summary>One address on the mailing list, with the record of its consent.</summary>
public class Subscriber
{
    public int Id { get; set; }

    /// <summary>The address as given; null once the subscriber is removed.</summary>
    public string? Email { get; set; }

    public string? Name { get; set; }

    /// <summary>SHA-256 of the normalised address (<see cref="SubscriberAddress"/>): the lookup key, and all that is kept after removal.</summary>
    public required string AddressHash { get; set; }

    public SubscriberStatus Status { get; set; }

    public SubscriptionSource Source { get; set; }

    /// <summary>e.g. the imported file's name.</summary>
    public string? SourceDetail { get; set; }

    /// <summary>The version of the consent statement agreed to (<see cref="ConsentStatement"/>).</summary>
    public string? ConsentVersion { get; set; }

    public DateTimeOffset? ConsentedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? ConfirmedAt { get; set; }

    public DateTimeOffset? UnsubscribedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }

    /// <summary>SHA-256 of the confirmation link's token; the token itself is only in the mail. Cleared once used.</summary>
    public string? ConfirmationTokenHash { get; set; }

    public DateTimeOffset? ConfirmationExpiresAt { get; set; }

    /// <summary>When the last confirmation or "already subscribed" mail was queued (the hourly cap).</summary>
    public DateTimeOffset? LastRequestMailAt { get; set; }

    /// <summary>
    /// A request to join again from an unsubscribed or removed address, kept apart from the record above until the
    /// confirmation link is used: an unconfirmed signup must not undo an unsubscribe or an erasure, nor overwrite the
    /// consent record. Cleared when confirmed or when its link expires.
    /// </summary>
    public string? RequestedEmail { get; set; }

    public string? RequestedName { get; set; }

    public SubscriptionSource? RequestedSource { get; set; }

    public string? RequestedConsentVersion { get; set; }

    public DateTimeOffset? RequestedAt { get; set; }

    /// <summary>The secret in this subscriber's unsubscribe links (it only allows leaving the list).</summary>
    public string? UnsubscribeToken { get; set; }

    /// <summary>Optimistic concurrency: two requests changing one subscriber cannot both win (e.g. both send a confirmation).</summary>
    public int Version { get; set; }
}

public sealed class SubscriberConfiguration : IEntityTypeConfiguration<Subscriber>
{
    public void Configure(EntityTypeBuilder<Subscriber> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(s => s.Email).HasMaxLength(SubscriberAddress.MaximumLength);
        builder.Property(s => s.Name).HasMaxLength(SubscriberAddress.MaximumNameLength);
        builder.Property(s => s.AddressHash).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(s => s.AddressHash).IsUnique();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(s => new { s.Status, s.Id });
        builder.Property(s => s.Source).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.SourceDetail).HasMaxLength(200);
        builder.Property(s => s.ConsentVersion).HasMaxLength(20);
        builder.Property(s => s.RequestedEmail).HasMaxLength(SubscriberAddress.MaximumLength);
        builder.Property(s => s.RequestedName).HasMaxLength(SubscriberAddress.MaximumNameLength);
        builder.Property(s => s.RequestedSource).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.RequestedConsentVersion).HasMaxLength(20);
        builder.HasIndex(s => s.ConfirmationExpiresAt);
        builder.Property(s => s.ConfirmationTokenHash).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(s => s.ConfirmationTokenHash).IsUnique();
        builder.Property(s => s.UnsubscribeToken).HasMaxLength(64).IsUnicode(false);
        builder.HasIndex(s => s.UnsubscribeToken).IsUnique();
        builder.Property(s => s.Version).IsConcurrencyToken();
    }
}
