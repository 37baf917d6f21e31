using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>The second sign-in step with one of the recovery codes (replaces Identity's page). Each code works once.</summary>
[AllowAnonymous]
public sealed class LoginWithRecoveryCodeModel(SignInManager<ApplicationUser> signInManager, ILogger<LoginWithRecoveryCodeModel> logger) : PageModel
{
    public const string WrongCode = "That recovery code did not work. Each code works once; check it against the list you saved.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter one of your recovery codes.")]
        [StringLength(50)]
        [DataType(DataType.Text)]
        [Display(Name = "Recovery code")]
        public string RecoveryCode { get; set; } = "";
    }

    public void OnGet(string? returnUrl = null) => ReturnUrl = Url.LocalOr(returnUrl);

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = Url.LocalOr(returnUrl);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await signInManager.TwoFactorRecoveryCodeSignInAsync(Input.RecoveryCode.Replace(" ", "", StringComparison.Ordinal));
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        logger.LogInformation("Recovery-code sign-in refused: {Reason}", result.IsLockedOut ? "locked out" : "wrong code");
        ModelState.AddModelError(result.IsLockedOut ? string.Empty : "Input.RecoveryCode", result.IsLockedOut ? LoginWith2faModel.LockedOut : WrongCode);
        return Page();
    }
}
