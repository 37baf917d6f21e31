using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// A membership mail that must go out once (a reminder, the lapse notice, a failed payment): unique by membership, kind
/// and key (the paid-through date it is about, or the invoice), and written in the transaction that queues the mail, so
/// a second sweep, a restart or a second instance finds it and sends nothing more (ADR 0015).
/// </summary>
public class MembershipNotice
{
    public const string Reminder30 = "reminder-30";
    public const string Reminder7 = "reminder-7";
    public const string Lapsed = "lapsed";
    public const string PaymentFailed = "payment-failed";

    public int Id { get; set; }

    public int MembershipId { get; set; }

    public SocietyMembership? Membership { get; set; }

    /// <summary>One of the constants above.</summary>
    public required string Kind { get; set; }

    /// <summary>What the notice is about: the paid-through date (Unix seconds) for dated notices, the invoice id for a failed payment.</summary>
    public required string Key { get; set; }

    public DateTimeOffset SentAt { get; set; }
}

public sealed class MembershipNoticeConfiguration : IEntityTypeConfiguration<MembershipNotice>
{
    public void Configure(EntityTypeBuilder<MembershipNotice> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(n => n.Kind).HasMaxLength(40);
        builder.Property(n => n.Key).HasMaxLength(255);
        builder.HasIndex(n => new { n.MembershipId, n.Kind, n.Key }).IsUnique();
        builder.HasOne(n => n.Membership).WithMany().HasForeignKey(n => n.MembershipId).OnDelete(DeleteBehavior.Cascade);
    }
}
