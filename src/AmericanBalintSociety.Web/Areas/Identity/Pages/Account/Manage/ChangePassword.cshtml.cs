using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Change the password (replaces Identity's page): the current one is checked as at sign-in (wrong answers count towards
/// the lockout), every other browser is signed out, the owner is mailed with a "This wasn't me" link, and the change is
/// audited, all together or not at all.
/// </summary>
[Authorize]
public sealed class ChangePasswordModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, SignInSessions sessions,
    AccountSecurityNotices notices, AccountLinks links, AuditLog audit, AppDbContext db, ILogger<ChangePasswordModel> logger) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(PasswordRules.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string OldPassword { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MemberMinimumLength,
            ErrorMessage = "Your password must be between {2} and {1} characters long.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string NewPassword { get; set; } = "";

        [Required(ErrorMessage = "Type your new password again.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password again")]
        [Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same.")]
        public string ConfirmPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await signIn.RefusalAsync(user, Input.OldPassword) is { } refusal)
        {
            ModelState.AddModelError("Input.OldPassword", refusal);
            return Page();
        }

        var refused = new List<IdentityError>();
        var changed = await db.RunInTransactionAsync(async () =>
        {
            var result = await users.ChangePasswordAsync(user, Input.OldPassword, Input.NewPassword);
            if (!result.Succeeded)
            {
                refused.AddRange(result.Errors);
                return IdentityRefusal.Of(result, "Your password could not be changed. Please try again.");
            }

            await sessions.EndOthersAsync(user.Id, HttpContext.Items[SignInSessionStore.CurrentSessionItem] as string, cancellationToken);
            notices.Notify(user, SecurityChange.PasswordChanged, user.Email!, links.SiteBase(Request));
            audit.Record(User, "account.password-changed", AccountSubjects.For(user.Id));
            return Features.Shared.Result.Success();
        }, cancellationToken);

        if (!changed.Succeeded)
        {
            foreach (var error in refused)
            {
                ModelState.AddModelError(error.Code.StartsWith("Password", StringComparison.Ordinal) ? "Input.NewPassword" : string.Empty, error.Description);
            }

            return Page();
        }

        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("Account {UserId} changed its password", user.Id);
        StatusMessage = "Your password is changed. Every other browser signed in to your account has been signed out.";
        return RedirectToPage();
    }
}
