using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Settings under <c>Membership</c> (issue 16), checked at start.</summary>
public sealed class MembershipOptions
{
    public const string SectionName = "Membership";

    /// <summary>
    /// How long after the paid-through date a paid membership still counts (status Grace: a renewal may be on its way);
    /// then it is Lapsed. Zero: lapsed at once.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00")]
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromDays(30);
}

[OptionsValidator]
public sealed partial class MembershipOptionsValidator : IValidateOptions<MembershipOptions>;
