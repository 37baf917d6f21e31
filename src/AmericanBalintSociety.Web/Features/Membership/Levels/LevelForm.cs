using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.Membership.Levels;

/// <summary>What the staff form posts for a membership level (new when <see cref="Id"/> is 0).</summary>
public sealed class LevelForm
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Enter the level's name, e.g. Member.")]
    [StringLength(MembershipLevel.NameMaxLength, ErrorMessage = "The name is at most {1} characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [StringLength(MembershipLevel.DescriptionMaxLength, ErrorMessage = "The description is at most {1} characters.")]
    [Display(Name = "What it gives")]
    public string? Description { get; set; }

    [StringLength(MembershipLevel.EligibilityMaxLength, ErrorMessage = "Who may join is at most {1} characters.")]
    [Display(Name = "Who may join (optional)")]
    public string? Eligibility { get; set; }

    /// <summary>Dollars as typed ("120", "120.00"); empty leaves the level unpriced, so not offered.</summary>
    [Display(Name = "Annual dues (US dollars)")]
    public string? AnnualDues { get; set; }

    [Display(Name = "On offer")]
    public bool IsOffered { get; set; }

    [Range(0, 1000, ErrorMessage = "The place is a whole number from {1} to {2}.")]
    [Display(Name = "Place on the page")]
    public int DisplayOrder { get; set; }

    public int Version { get; set; }
}
