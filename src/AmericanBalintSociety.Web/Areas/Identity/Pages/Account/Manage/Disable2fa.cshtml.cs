using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Turn off two-factor authentication (replaces Identity's page, which answered a 500 when opened for an account
/// without it, and asked for no password): the current password is asked again, the owner is mailed with a "This
/// wasn't me" link, and the change is audited. An account without two-factor is sent back with a message.
/// </summary>
[Authorize]
public sealed class Disable2faModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, AccountSecurityNotices notices, AccountLinks links,
    AuditLog audit, ILogger<Disable2faModel> logger) : PageModel
{
    public const string NotOn = "Two-factor authentication is not turned on, so there is nothing to turn off.";

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public CurrentPasswordInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        var (_, refusal) = await TwoFactorAccounts.WithTwoFactorAsync(this, users, NotOn);
        return refusal ?? Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var (user, refusal) = await TwoFactorAccounts.WithTwoFactorAsync(this, users, NotOn);
        if (refusal is not null)
        {
            return refusal;
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await signIn.RefusalAsync(user!, Input.CurrentPassword) is { } wrong)
        {
            ModelState.AddModelError("Input.CurrentPassword", wrong);
            return Page();
        }

        notices.Notify(user!, SecurityChange.TwoFactorTurnedOff, user!.Email!, links.SiteBase(Request));
        audit.Record(User, "account.two-factor-disabled", AccountSubjects.For(user.Id));
        var disabled = await users.SetTwoFactorEnabledAsync(user, false); // one save: the change, its audit entry and the notice
        if (!disabled.Succeeded)
        {
            StatusMessage = "Error: two-factor authentication could not be turned off. Please try again.";
            return RedirectToPage();
        }

        logger.LogInformation("Account {UserId} turned off two-factor authentication", user.Id);
        StatusMessage = "Two-factor authentication is off. You can turn it on again with an authenticator app.";
        return RedirectToPage("./TwoFactorAuthentication");
    }
}
