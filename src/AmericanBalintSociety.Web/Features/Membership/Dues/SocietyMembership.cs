using AmericanBalintSociety.Web.Features.Membership.Levels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// An account's membership of the society (one per account, ADR 0015): its level, how it came about, the date it is
/// paid (or granted) through, whether it renews by itself, and its Stripe customer and subscription. The status is not
/// stored: <see cref="MembershipState"/> computes it from the dates.
/// </summary>
public class SocietyMembership
{
    public int Id { get; set; }

    /// <summary>The member's account; null once the account is deleted (the payments stay for the accounts, without the person).</summary>
    public string? UserId { get; set; }

    public ApplicationUser? User { get; set; }

    public int LevelId { get; set; }

    public MembershipLevel? Level { get; set; }

    public MembershipKind Kind { get; set; }

    /// <summary>
    /// Paid: the end of the last period paid (null until the first payment). Honorary and complimentary: the end of the
    /// grant, or null for none.
    /// </summary>
    public DateTimeOffset? PaidThrough { get; set; }

    /// <summary>Whether Stripe charges the dues again at the paid-through date (the member can turn it off and on).</summary>
    public bool AutoRenew { get; set; }

    public string? StripeCustomerId { get; set; }

    public string? StripeSubscriptionId { get; set; }

    /// <summary>The Checkout Session of a join or rejoin not settled yet (the reconciliation asks Stripe about it).</summary>
    public string? PendingCheckoutSessionId { get; set; }

    /// <summary>The site's address when the member joined, for the links in mail sent later without a request (reminders).</summary>
    public string? SiteBase { get; set; }

    /// <summary>When the reconciliation last asked Stripe about this membership (the least recently asked go first).</summary>
    public DateTimeOffset? ReconciledAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency: Stripe's word, the member and staff may change one membership at once.</summary>
    public int Version { get; set; }

    public List<MembershipPayment> Payments { get; set; } = [];
}

public sealed class SocietyMembershipConfiguration : IEntityTypeConfiguration<SocietyMembership>
{
    public void Configure(EntityTypeBuilder<SocietyMembership> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasIndex(m => m.UserId).IsUnique();
        builder.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(m => m.Level).WithMany().HasForeignKey(m => m.LevelId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.StripeCustomerId).HasMaxLength(255);
        builder.Property(m => m.StripeSubscriptionId).HasMaxLength(255);
        builder.HasIndex(m => m.StripeSubscriptionId).IsUnique();
        builder.Property(m => m.PendingCheckoutSessionId).HasMaxLength(255);
        builder.Property(m => m.SiteBase).HasMaxLength(300);
        builder.HasIndex(m => m.PendingCheckoutSessionId);
        builder.HasIndex(m => m.PaidThrough);
        builder.Property(m => m.Version).IsConcurrencyToken();
    }
}
