namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>A member's own membership as their page shows it.</summary>
/// <param name="LevelId">The level (to renew at).</param>
/// <param name="Level">The level's name.</param>
/// <param name="Kind">Paid, honorary or complimentary.</param>
/// <param name="Status">Where it stands today.</param>
/// <param name="Through">Paid (or granted) through; null for a grant without end or before the first payment.</param>
/// <param name="GraceEnds">When a membership in grace lapses.</param>
/// <param name="AutoRenew">Whether Stripe charges the dues again at <paramref name="Through"/>.</param>
/// <param name="CanResume">Whether automatic renewal can be turned back on (the subscription runs to its period's end).</param>
/// <param name="HasCard">Whether Stripe knows the member (so the card can be updated in Stripe's Billing Portal).</param>
/// <param name="PaymentPending">Whether a checkout was started and has not been settled.</param>
/// <param name="Payments">The dues paid, newest first.</param>
/// <param name="RenewalFailed">Whether Stripe said a charge failed since the paid-through date (not merely still to come).</param>
public sealed record MyMembership(
    int LevelId, string Level, MembershipKind Kind, MembershipStatus Status, DateTimeOffset? Through, DateTimeOffset? GraceEnds, bool AutoRenew,
    bool CanResume, bool HasCard, bool PaymentPending, IReadOnlyList<MembershipPayment> Payments, bool RenewalFailed = false)
{
    /// <summary>What the card was last charged (the dues a renewal charges again); null when only paid offline.</summary>
    public long? CardAmountCents => Payments.FirstOrDefault(p => p.StripeInvoiceId is not null && p.RefundedCents == 0)?.AmountCents;

    /// <summary>The status in words: "Active", "In grace period", "Awaiting payment", "Lapsed".</summary>
    public string StatusText => MembershipState.Describe(Status);
}
