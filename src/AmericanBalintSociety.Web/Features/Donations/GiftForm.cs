using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>What the /donate form sends. The amount is checked on the server against the limits; nothing else sets a price.</summary>
public sealed class GiftForm
{
    /// <summary>A preset amount in whole dollars, or "other" for <see cref="OtherDollars"/>.</summary>
    public string? Amount { get; set; }

    /// <summary>The amount typed when <see cref="Amount"/> is "other": whole dollars.</summary>
    [Display(Name = "Other amount (US dollars)")]
    public string? OtherDollars { get; set; }

    /// <summary>"monthly" for a monthly gift (a signed-in donor only); anything else gives once.</summary>
    public string? Frequency { get; set; }

    public bool IsMonthly => Frequency == "monthly";

    public Dedication Dedication { get; set; }

    [Display(Name = "Their name")]
    [StringLength(Gift.NameMax, ErrorMessage = "The name can be at most {1} characters.")]
    public string? DedicationName { get; set; }

    [Display(Name = "A note to the society (optional)")]
    [StringLength(Gift.NoteMax, ErrorMessage = "The note can be at most {1} characters.")]
    public string? Note { get; set; }
}
