using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// New recovery codes (replaces Identity's page, which answered a 500 when opened for an account without two-factor
/// authentication): an account without it is sent back with a message; new codes are audited and shown once.
/// </summary>
[Authorize]
public sealed class GenerateRecoveryCodesModel(
    UserManager<ApplicationUser> users, AuditLog audit, ILogger<GenerateRecoveryCodesModel> logger) : PageModel
{
    public const string NotOn = "Recovery codes come with two-factor authentication, which is not turned on. Set up an authenticator app first.";

    public const int CodeCount = 10;

    [TempData]
    public string[]? RecoveryCodes { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

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

        audit.Record(User, "account.recovery-codes-generated", AccountSubjects.For(user!.Id));
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, CodeCount); // one save: the codes and the audit entry
        if (codes is null)
        {
            StatusMessage = "Error: new recovery codes could not be made. Please try again.";
            return RedirectToPage();
        }

        logger.LogInformation("Account {UserId} generated new recovery codes", user.Id);
        RecoveryCodes = [.. codes];
        StatusMessage = "You have new recovery codes. The old ones no longer work.";
        return RedirectToPage("./ShowRecoveryCodes");
    }
}
