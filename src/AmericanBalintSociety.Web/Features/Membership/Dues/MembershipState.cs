namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// A membership's status on a given day, from its dates alone (ADR 0015): nothing has to run at midnight for it to be
/// right, and a fake clock tests every case.
/// </summary>
public static class MembershipState
{
    public static MembershipStatus Of(SocietyMembership membership, DateTimeOffset now, TimeSpan gracePeriod)
    {
        ArgumentNullException.ThrowIfNull(membership);
        return Of(membership.Kind, membership.PaidThrough, now, gracePeriod);
    }

    /// <summary>
    /// Paid: pending until the first payment, active until the paid-through date, in grace for the grace period after
    /// it, then lapsed. Granted (honorary, complimentary): active until its end date, or for good without one; no grace.
    /// </summary>
    public static MembershipStatus Of(MembershipKind kind, DateTimeOffset? paidThrough, DateTimeOffset now, TimeSpan gracePeriod)
    {
        if (kind != MembershipKind.Paid)
        {
            return paidThrough is null || now < paidThrough ? MembershipStatus.Active : MembershipStatus.Lapsed;
        }

        if (paidThrough is not { } through)
        {
            return MembershipStatus.Pending;
        }

        return now < through ? MembershipStatus.Active
            : now < through + gracePeriod ? MembershipStatus.Grace
            : MembershipStatus.Lapsed;
    }

    /// <summary>Whether the status makes someone a member (members-only pages, the directory): active or in grace.</summary>
    public static bool IsCurrent(MembershipStatus status) => status is MembershipStatus.Active or MembershipStatus.Grace;

    /// <summary>The status in words for members and staff.</summary>
    public static string Describe(MembershipStatus status) => status switch
    {
        MembershipStatus.Active => "Active",
        MembershipStatus.Grace => "In grace period",
        MembershipStatus.Pending => "Awaiting payment",
        _ => "Lapsed",
    };

    /// <summary>
    /// The last day a paid-through moment covers, for "paid through November 30, 2027": the moment itself is when the
    /// next period starts (Stripe's period end, or midnight after a granted membership's end date).
    /// </summary>
    public static DateTimeOffset LastDay(DateTimeOffset through) => through.AddSeconds(-1);
}
