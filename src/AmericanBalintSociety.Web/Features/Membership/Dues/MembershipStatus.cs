namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>Where a membership stands on a given day (computed from its dates: <see cref="MembershipState"/>).</summary>
public enum MembershipStatus
{
    /// <summary>Joining started (a checkout) but nothing paid yet.</summary>
    Pending,

    /// <summary>Paid through a date still to come, or granted without end (or with an end still to come).</summary>
    Active,

    /// <summary>Past the paid-through date, within <c>Membership:GracePeriod</c>: still a member while a renewal may come.</summary>
    Grace,

    /// <summary>Past the grace period (or past a granted membership's end): no longer a member.</summary>
    Lapsed,
}
