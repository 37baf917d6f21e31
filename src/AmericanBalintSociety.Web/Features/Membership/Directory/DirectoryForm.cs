using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.Membership.Directory;

/// <summary>The member's directory entry as the form in My account edits it.</summary>
public sealed class DirectoryForm
{
    [Display(Name = "List me in the members' directory")]
    public bool Listed { get; set; }

    [Display(Name = "Name as shown")]
    [StringLength(DirectoryEntry.NameMax, ErrorMessage = "The name can be at most {1} characters.")]
    public string? Name { get; set; }

    [Display(Name = "Credentials")]
    [StringLength(DirectoryEntry.CredentialsMax, ErrorMessage = "Credentials can be at most {1} characters.")]
    public string? Credentials { get; set; }

    [Display(Name = "Profession")]
    public string? Profession { get; set; }

    [Display(Name = "Organization")]
    [StringLength(ProfileLimits.Organization, ErrorMessage = "The organization can be at most {1} characters.")]
    public string? Organization { get; set; }

    [Display(Name = "City")]
    [StringLength(ProfileLimits.Place, ErrorMessage = "The city can be at most {1} characters.")]
    public string? City { get; set; }

    [Display(Name = "State")]
    public string? State { get; set; }

    [Display(Name = "I lead Balint groups")]
    public bool LeadsGroups { get; set; }

    [Display(Name = "A few words about you")]
    [StringLength(DirectoryEntry.BioMax, ErrorMessage = "Keep it to {1} characters.")]
    public string? Bio { get; set; }

    [Display(Name = "Public e-mail address")]
    [EmailAddress(ErrorMessage = "Enter an e-mail address like name@example.org, or leave it empty.")]
    [StringLength(DirectoryEntry.AddressMax, ErrorMessage = "The address can be at most {1} characters.")]
    public string? PublicEmail { get; set; }

    [Display(Name = "Website")]
    [StringLength(DirectoryEntry.WebsiteMax, ErrorMessage = "The address can be at most {1} characters.")]
    public string? Website { get; set; }
}
