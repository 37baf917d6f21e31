using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sign in (replaces Identity's page): the same answer, in the same time, whether the address has no account,
/// an unconfirmed one, a locked one, or a wrong password.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(SiteSignInManager signInManager, UserManager<ApplicationUser> users, ILogger<LoginModel> logger) : PageModel
{
    public const string FailureMessage =
        "That email address and password did not work. Check them and try again. New accounts can sign in once the " +
        "email address is confirmed, and after 5 wrong passwords an account is locked for 15 minutes.";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.org.")]
        [StringLength(256)]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(PasswordRules.MaximumLength)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync(string? returnUrl = null)
    {
        ReturnUrl = Url.LocalOr(returnUrl);

        // A stale external sign-in (none are configured, but a cookie may linger) must not leak into this one.
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = Url.LocalOr(returnUrl);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            signInManager.SpendPasswordCheckTime(Input.Password);
            logger.LogInformation("Sign-in failed: no account has that address");
            return Failed();
        }

        var result = await signInManager.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl, Input.RememberMe });
        }

        return Failed();
    }

    private PageResult Failed()
    {
        ModelState.AddModelError(string.Empty, FailureMessage);
        return Page();
    }
}
