using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>Settings under <c>Donations</c> (issue 17), checked at start.</summary>
public sealed class DonationOptions
{
    public const string SectionName = "Donations";

    /// <summary>The amounts offered as buttons, in whole dollars, until staff set their own (Donations → Amounts).</summary>
    [MinLength(1), MaxLength(8)]
    public int[] PresetDollars { get; set; } = [25, 50, 100, 250];

    /// <summary>The smallest gift accepted, in whole dollars.</summary>
    [Range(1, 1000)]
    public int MinimumDollars { get; set; } = 5;

    /// <summary>The largest gift accepted online, in whole dollars (larger gifts: by cheque).</summary>
    [Range(1, 1_000_000)]
    public int MaximumDollars { get; set; } = 10_000;

    /// <summary>How long a gift's Stripe Checkout page stays open (30 minutes to 24 hours).</summary>
    [Range(typeof(TimeSpan), "00:30:00", "1.00:00:00")]
    public TimeSpan CheckoutLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after a gift's checkout started the reconciliation asks Stripe about it, if no webhook settled it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the reconciliation runs.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Whether this instance runs the reconciliation (tests run it themselves).</summary>
    public bool ReconcileEnabled { get; set; } = true;
}

[OptionsValidator]
public sealed partial class DonationOptionsValidator : IValidateOptions<DonationOptions>;
