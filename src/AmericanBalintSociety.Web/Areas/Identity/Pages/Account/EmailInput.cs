using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>The one field of the "mail me a link" forms.</summary>
public sealed class EmailInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.org.")]
    [StringLength(256)]
    [Display(Name = "Email address")]
    public string Email { get; set; } = "";
}
