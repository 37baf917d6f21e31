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
public sealed record MyMembership(
    int LevelId, string Level, MembershipKind Kind, MembershipStatus Status, DateTimeOffset? Through, DateTimeOffset? GraceEnds, bool AutoRenew,
    bool CanResume, bool HasCard, bool PaymentPending, IReadOnlyList<MembershipPayment> Payments)
{
    public long? LastAmountCents => Payments.Count > 0 ? Payments[0].AmountCents : null;
}
