using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Membership;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>The one field of the forms that change a second factor: the current password, asked again (<see cref="CurrentPassword"/>).</summary>
public sealed class CurrentPasswordInput
{
    [Required(ErrorMessage = "Enter your current password.")]
    [StringLength(PasswordRules.MaximumLength)]
    [DataType(DataType.Password)]
    [Display(Name = "Current password")]
    public string CurrentPassword { get; set; } = "";
}
