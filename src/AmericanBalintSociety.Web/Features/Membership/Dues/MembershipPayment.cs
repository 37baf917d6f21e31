using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// Dues paid for one period: a Stripe invoice (counted once: its id is unique) or a payment staff recorded (a cheque).
/// Kept when the account is deleted, for the society's accounts.
/// </summary>
public class MembershipPayment
{
    public int Id { get; set; }

    public int MembershipId { get; set; }

    public SocietyMembership? Membership { get; set; }

    /// <summary>Stripe's invoice id; null for a payment staff recorded.</summary>
    public string? StripeInvoiceId { get; set; }

    public long AmountCents { get; set; }

    public DateTimeOffset PaidAt { get; set; }

    /// <summary>The period the payment covers; its end is what the paid-through date moves to.</summary>
    public DateTimeOffset PeriodStart { get; set; }

    public DateTimeOffset PeriodEnd { get; set; }

    /// <summary>Stripe's hosted invoice page (the member's receipt); null for an offline payment.</summary>
    public string? ReceiptUrl { get; set; }

    /// <summary>The payment intent that paid the invoice (what a refund names); null for an offline payment.</summary>
    public string? StripePaymentIntentId { get; set; }

    /// <summary>How much of it was refunded (through Stripe, or recorded by staff for an offline payment).</summary>
    public long RefundedCents { get; set; }

    public DateTimeOffset? RefundedAt { get; set; }

    /// <summary>Stripe's refund id (a refund is made once: the idempotency key is the payment's).</summary>
    public string? StripeRefundId { get; set; }

    /// <summary>Staff's note for an offline payment ("cheque 1042"), or who recorded it.</summary>
    public string? Note { get; set; }
}

public sealed class MembershipPaymentConfiguration : IEntityTypeConfiguration<MembershipPayment>
{
    public void Configure(EntityTypeBuilder<MembershipPayment> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(p => p.StripeInvoiceId).HasMaxLength(255);
        builder.HasIndex(p => p.StripeInvoiceId).IsUnique();
        builder.Property(p => p.ReceiptUrl).HasMaxLength(2000);
        builder.Property(p => p.Note).HasMaxLength(500);
        builder.Property(p => p.StripePaymentIntentId).HasMaxLength(255);
        builder.Property(p => p.StripeRefundId).HasMaxLength(255);
        builder.HasOne(p => p.Membership).WithMany(m => m.Payments).HasForeignKey(p => p.MembershipId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => p.PaidAt);
    }
}
