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

    /// <summary>How long a join's Stripe Checkout page stays open (Stripe allows 30 minutes to 24 hours).</summary>
    [Range(typeof(TimeSpan), "00:30:00", "1.00:00:00")]
    public TimeSpan CheckoutLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the membership sweep runs: reconciliation with Stripe, reminders, lapse notices.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Whether anyone may read the members' directory; by default (false) only members and staff. Entries stay opt-in
    /// either way.
    /// </summary>
    public bool DirectoryPublic { get; set; }

    /// <summary>
    /// Development only: dues in cents by level name, given at start to a level that has none, so the join flow can be
    /// tried locally with Stripe test keys (appsettings.Development.json). Ignored in every other environment.
    /// </summary>
    public Dictionary<string, long> SampleDues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether this instance runs the sweep (tests run it themselves).</summary>
    public bool SweepEnabled { get; set; } = true;

    /// <summary>How long after a join's checkout started the sweep asks Stripe about it, if no webhook settled it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(10);
}

[OptionsValidator]
public sealed partial class MembershipOptionsValidator : IValidateOptions<MembershipOptions>;
