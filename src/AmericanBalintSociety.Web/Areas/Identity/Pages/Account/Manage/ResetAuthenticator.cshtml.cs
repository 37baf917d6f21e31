using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Reset the authenticator app's key (replaces Identity's page, which asked for no password): the current password is
/// asked again, two-factor is off until a new app is set up, the owner is mailed with a "This wasn't me" link, and the
/// change is audited.
/// </summary>
[Authorize]
public sealed class ResetAuthenticatorModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, AccountSecurityNotices notices, AccountLinks links,
    AuditLog audit, ILogger<ResetAuthenticatorModel> logger) : PageModel
{
    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public CurrentPasswordInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostAsync()
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

        if (await signIn.RefusalAsync(user, Input.CurrentPassword) is { } wrong)
        {
            ModelState.AddModelError("Input.CurrentPassword", wrong);
            return Page();
        }

        var wasOn = user.TwoFactorEnabled;
        audit.Record(User, "account.authenticator-reset", AccountSubjects.For(user.Id));
        if (wasOn)
        {
            notices.Notify(user, SecurityChange.AuthenticatorReset, user.Email!, links.SiteBase(Request));
        }

        await users.SetTwoFactorEnabledAsync(user, false); // saves the audit entry and the notice with it
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("Account {UserId} reset its authenticator key", user.Id);
        StatusMessage = "Your authenticator app's key is reset. Set up your app again with the new key below.";
        return RedirectToPage("./EnableAuthenticator");
    }
}
