using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// A monthly gift (issue 17): a Stripe subscription with a monthly price, made by a signed-in donor so it can be
/// changed or cancelled. Each monthly payment is a <see cref="Gift"/> of its own (its invoice id unique), with its own
/// receipt. The plan moves only forward: pending → active → cancelled, or pending → abandoned.
/// </summary>
public class GiftPlan
{
    public int Id { get; set; }

    public GiftPlanStatus Status { get; set; }

    /// <summary>The monthly amount as Stripe charges it now.</summary>
    public long AmountCents { get; set; }

    public string Currency { get; set; } = "usd";

    /// <summary>The donor's account; null once the account is deleted (the plan is cancelled first).</summary>
    public string? UserId { get; set; }

    public Membership.ApplicationUser? User { get; set; }

    public Dedication Dedication { get; set; }

    public string? DedicationName { get; set; }

    /// <summary>The donor's note to the society, given when the plan began.</summary>
    public string? Note { get; set; }

    /// <summary>The Checkout Session that started the plan (pending until Stripe says it was paid or expired).</summary>
    public string? StripeCheckoutSessionId { get; set; }

    public string? StripeSubscriptionId { get; set; }

    public string? StripeCustomerId { get; set; }

    /// <summary>The site's address when the plan began, for the receipt links in the monthly mail.</summary>
    public string SiteBase { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>When the current billing period ends, i.e. about when the next payment is due (Stripe's subscription item).</summary>
    public DateTimeOffset? NextPaymentAt { get; set; }

    /// <summary>When Stripe last failed to charge the card; cleared by the next paid invoice.</summary>
    public DateTimeOffset? PaymentFailedAt { get; set; }

    /// <summary>When the reconciliation last asked Stripe about the plan.</summary>
    public DateTimeOffset? ReconciledAt { get; set; }

    public int Version { get; set; }

    public List<Gift> Gifts { get; set; } = [];
}

public enum GiftPlanStatus
{
    /// <summary>Checkout started; nothing paid yet.</summary>
    Pending,

    /// <summary>Stripe charges the card every month.</summary>
    Active,

    /// <summary>Ended (by the donor, staff, the account's deletion, or Stripe after failed retries); nothing more is charged.</summary>
    Cancelled,

    /// <summary>The checkout ended without payment.</summary>
    Abandoned,
}

public sealed class GiftPlanConfiguration : IEntityTypeConfiguration<GiftPlan>
{
    public void Configure(EntityTypeBuilder<GiftPlan> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Dedication).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Currency).HasMaxLength(3);
        builder.Property(p => p.DedicationName).HasMaxLength(Gift.NameMax);
        builder.Property(p => p.Note).HasMaxLength(Gift.NoteMax);
        builder.Property(p => p.StripeCheckoutSessionId).HasMaxLength(255);
        builder.HasIndex(p => p.StripeCheckoutSessionId).IsUnique();
        builder.Property(p => p.StripeSubscriptionId).HasMaxLength(255);
        builder.HasIndex(p => p.StripeSubscriptionId).IsUnique();
        builder.Property(p => p.StripeCustomerId).HasMaxLength(255);
        builder.Property(p => p.SiteBase).HasMaxLength(300);
        builder.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => new { p.UserId, p.Status });
        builder.HasMany(p => p.Gifts).WithOne(g => g.Plan).HasForeignKey(g => g.PlanId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.Version).IsConcurrencyToken();
    }
}
