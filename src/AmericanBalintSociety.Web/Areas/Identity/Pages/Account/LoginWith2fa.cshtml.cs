using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// The second sign-in step with a code from an authenticator app (replaces Identity's page, which said "Log in" and
/// used Bootstrap's look). <see cref="TwoFactorStepFilter"/> sends a visitor without the password step's cookie back.
/// </summary>
[AllowAnonymous]
public sealed class LoginWith2faModel(SignInManager<ApplicationUser> signInManager, ILogger<LoginWith2faModel> logger) : PageModel
{
    public const string WrongCode = "That code did not work. Codes change every 30 seconds, and each works once: enter the one your app shows now.";
    public const string LockedOut = "Too many wrong attempts: the account is locked for 15 minutes. Try again after that.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool RememberMe { get; set; }

    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the 6-digit code from your authenticator app.")]
        [StringLength(7, MinimumLength = 6, ErrorMessage = "The code has 6 digits.")]
        [DataType(DataType.Text)]
        [Display(Name = "Authenticator code")]
        public string TwoFactorCode { get; set; } = "";

        [Display(Name = "Don't ask for a code on this device for 14 days")]
        public bool RememberMachine { get; set; }
    }

    public void OnGet(bool rememberMe, string? returnUrl = null)
    {
        ReturnUrl = Url.LocalOr(returnUrl);
        RememberMe = rememberMe;
    }

    public async Task<IActionResult> OnPostAsync(bool rememberMe, string? returnUrl = null)
    {
        ReturnUrl = Url.LocalOr(returnUrl);
        RememberMe = rememberMe;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var code = Input.TwoFactorCode.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var result = await signInManager.TwoFactorAuthenticatorSignInAsync(code, rememberMe, Input.RememberMachine);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        logger.LogInformation("Second sign-in step refused: {Reason}", result.IsLockedOut ? "locked out" : "wrong code");
        ModelState.AddModelError(result.IsLockedOut ? string.Empty : "Input.TwoFactorCode", result.IsLockedOut ? LockedOut : WrongCode);
        return Page();
    }
}
