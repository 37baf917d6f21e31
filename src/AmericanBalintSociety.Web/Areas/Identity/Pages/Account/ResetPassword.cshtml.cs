using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Choose a new password from the mailed link (replaces Identity's page, which answered an unknown address
/// differently from a wrong link): an unknown address and a bad or used link get the same "link does not work" answer,
/// and the password rules are checked only once the link is known to be good.
/// </summary>
[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<ApplicationUser> users, SignInSessions sessions, AuditLog audit, ILogger<ResetPasswordModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkFailed { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.org.")]
        [StringLength(256)]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MemberMinimumLength,
            ErrorMessage = "Your password must be between {2} and {1} characters long.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your new password again.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password again")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        public string ConfirmPassword { get; set; } = "";

        [Required]
        public string Code { get; set; } = "";
    }

    public IActionResult OnGet(string? code = null)
    {
        if (string.IsNullOrEmpty(code))
        {
            return BadRequest("A code must be supplied for password reset.");
        }

        Input = new InputModel { Code = code };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email.Trim());
        var token = AccountLinks.DecodeToken(Input.Code);
        if (user is null || token is null
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<ApplicationUser>.ResetPasswordTokenPurpose, token))
        {
            if (user is null)
            {
                _ = users.PasswordHasher.HashPassword(new ApplicationUser(), Input.Password); // the time a real reset takes
            }

            LinkFailed = true;
            return Page();
        }

        // The reset link came by mail to this address: that confirms it, as the confirmation link would have.
        if (!user.EmailConfirmed)
        {
            user.EmailConfirmed = true;
        }

        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.Password" : string.Empty, error.Description);
            }

            return Page();
        }

        // Whoever knew the old password is signed out everywhere, now rather than at the next stamp check.
        await sessions.EndAllAsync(user, HttpContext.RequestAborted);
        audit.Record(user.Id, user.Email ?? user.Id, "account.password-reset", AccountSubjects.For(user.Id));
        await users.UpdateAsync(user);
        logger.LogInformation("Account {UserId} chose a new password through a reset link", user.Id);
        return RedirectToPage("./ResetPasswordConfirmation");
    }
}
