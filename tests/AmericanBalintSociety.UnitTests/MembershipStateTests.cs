using AmericanBalintSociety.Web.Features.Membership.Dues;

namespace AmericanBalintSociety.UnitTests;

/// <summary>A membership's status from its dates alone (ADR 0015), on the days around each boundary.</summary>
public sealed class MembershipStateTests
{
    private static readonly DateTimeOffset PaidThrough = new(2027, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(30);

    [Theory]
    [InlineData(-1, MembershipStatus.Active)] // the day before the paid-through date
    [InlineData(0, MembershipStatus.Grace)] // on it: a renewal may be on its way
    [InlineData(29, MembershipStatus.Grace)]
    [InlineData(30, MembershipStatus.Lapsed)] // the grace period is over
    [InlineData(400, MembershipStatus.Lapsed)]
    public void APaidMembership_IsActiveThenInGraceThenLapsed(int daysAfterPaidThrough, MembershipStatus expected)
    {
        Assert.Equal(expected, MembershipState.Of(MembershipKind.Paid, PaidThrough, PaidThrough.AddDays(daysAfterPaidThrough), Grace));
    }

    [Fact]
    public void APaidMembership_WithoutAPayment_IsPending()
    {
        Assert.Equal(MembershipStatus.Pending, MembershipState.Of(MembershipKind.Paid, null, PaidThrough, Grace));
    }

    [Fact]
    public void WithNoGracePeriod_APaidMembershipLapsesOnItsDate()
    {
        Assert.Equal(MembershipStatus.Lapsed, MembershipState.Of(MembershipKind.Paid, PaidThrough, PaidThrough, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(MembershipKind.Honorary)]
    [InlineData(MembershipKind.Complimentary)]
    public void AGrantedMembership_IsActiveWithoutEnd_OrUntilItsEnd_WithNoGrace(MembershipKind kind)
    {
        Assert.Equal(MembershipStatus.Active, MembershipState.Of(kind, null, PaidThrough.AddYears(50), Grace));
        Assert.Equal(MembershipStatus.Active, MembershipState.Of(kind, PaidThrough, PaidThrough.AddDays(-1), Grace));
        Assert.Equal(MembershipStatus.Lapsed, MembershipState.Of(kind, PaidThrough, PaidThrough, Grace));
    }

    [Theory]
    [InlineData(MembershipStatus.Active, true)]
    [InlineData(MembershipStatus.Grace, true)]
    [InlineData(MembershipStatus.Pending, false)]
    [InlineData(MembershipStatus.Lapsed, false)]
    public void ActiveAndGrace_AreCurrent(MembershipStatus status, bool current)
    {
        Assert.Equal(current, MembershipState.IsCurrent(status));
    }
}
