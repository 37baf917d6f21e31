using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// One gift to the society (issue 17): an amount paid once through Stripe Checkout, or one month's payment of a
/// <see cref="GiftPlan"/>, with the donor, an optional dedication and note, and its receipt, reached by an unguessable token. The amount is checked on the server; the
/// gift moves only forward (pending → paid → refunded, or pending → cancelled).
/// </summary>
public class Gift
{
    public const int NameMax = 200;
    public const int NoteMax = 1000;

    public int Id { get; set; }

    public GiftStatus Status { get; set; }

    public long AmountCents { get; set; }

    public string Currency { get; set; } = "usd";

    /// <summary>The donor's account, when they gave signed in; null for a guest (and once the account is deleted).</summary>
    public string? UserId { get; set; }

    public Membership.ApplicationUser? User { get; set; }

    /// <summary>The donor's name and address: the account's, or what they gave at Stripe's checkout.</summary>
    public string? DonorName { get; set; }

    public string? DonorEmail { get; set; }

    public Dedication Dedication { get; set; }

    /// <summary>Who the gift honours or remembers (with <see cref="Dedication"/>).</summary>
    public string? DedicationName { get; set; }

    /// <summary>The donor's note to the society.</summary>
    public string? Note { get; set; }

    /// <summary>The receipt's address: 32 random bytes, base64url (the link in the mail and in My account).</summary>
    public required string ReceiptToken { get; set; }

    public string? StripeCheckoutSessionId { get; set; }

    public string? StripePaymentIntentId { get; set; }

    /// <summary>The monthly gift this payment belongs to; null for a gift made once.</summary>
    public int? PlanId { get; set; }

    public GiftPlan? Plan { get; set; }

    /// <summary>The Stripe invoice a monthly payment paid (unique: each is counted once).</summary>
    public string? StripeInvoiceId { get; set; }

    public long RefundedCents { get; set; }

    /// <summary>The site's address when the gift was made, for the receipt link in mail sent later.</summary>
    public string SiteBase { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? PaidAt { get; set; }

    /// <summary>When the reconciliation last asked Stripe about a gift still pending.</summary>
    public DateTimeOffset? ReconciledAt { get; set; }

    public int Version { get; set; }
}

public enum GiftStatus
{
    /// <summary>Checkout started; nothing paid yet.</summary>
    Pending,

    /// <summary>Paid; the receipt was mailed.</summary>
    Paid,

    /// <summary>The checkout ended without payment.</summary>
    Cancelled,

    /// <summary>Refunded, in full or in part (<see cref="Gift.RefundedCents"/>).</summary>
    Refunded,
}

/// <summary>An optional dedication: "in honor of" or "in memory of" someone.</summary>
public enum Dedication
{
    None,
    InHonorOf,
    InMemoryOf,
}

public sealed class GiftConfiguration : IEntityTypeConfiguration<Gift>
{
    public void Configure(EntityTypeBuilder<Gift> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(g => g.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.Dedication).HasConversion<string>().HasMaxLength(20);
        builder.Property(g => g.Currency).HasMaxLength(3);
        builder.Property(g => g.DonorName).HasMaxLength(Gift.NameMax);
        builder.Property(g => g.DonorEmail).HasMaxLength(256);
        builder.Property(g => g.DedicationName).HasMaxLength(Gift.NameMax);
        builder.Property(g => g.Note).HasMaxLength(Gift.NoteMax);
        builder.Property(g => g.ReceiptToken).HasMaxLength(64);
        builder.HasIndex(g => g.ReceiptToken).IsUnique();
        builder.Property(g => g.StripeCheckoutSessionId).HasMaxLength(255);
        builder.HasIndex(g => g.StripeCheckoutSessionId).IsUnique();
        builder.Property(g => g.StripePaymentIntentId).HasMaxLength(255);
        builder.HasIndex(g => g.StripePaymentIntentId);
        builder.Property(g => g.StripeInvoiceId).HasMaxLength(255);
        builder.HasIndex(g => g.StripeInvoiceId).IsUnique();
        builder.Property(g => g.SiteBase).HasMaxLength(300);
        builder.HasOne(g => g.User).WithMany().HasForeignKey(g => g.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(g => new { g.Status, g.PaidAt });
        builder.Property(g => g.Version).IsConcurrencyToken();
    }
}
