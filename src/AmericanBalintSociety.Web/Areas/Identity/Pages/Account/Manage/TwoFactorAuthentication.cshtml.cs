using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Two-factor authentication at a glance (replaces Identity's page): whether it is on, how many recovery codes are
/// left, and the ways to set up, reset or turn off the authenticator app, get new codes, or forget this browser.
/// </summary>
[Authorize]
public sealed class TwoFactorAuthenticationModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, ILogger<TwoFactorAuthenticationModel> logger) : PageModel
{
    /// <summary>At or below this many unused recovery codes the page asks for new ones.</summary>
    public const int FewCodesLeft = 3;

    public const string Forgotten = "This browser has been forgotten: the next sign-in here will ask for a code from your authenticator app.";

    public bool IsOn { get; private set; }

    public bool HasAuthenticator { get; private set; }

    public bool IsBrowserRemembered { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        IsOn = await users.GetTwoFactorEnabledAsync(user);
        HasAuthenticator = !string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user));
        IsBrowserRemembered = await signIn.IsTwoFactorClientRememberedAsync(user);
        RecoveryCodesLeft = IsOn ? await users.CountRecoveryCodesAsync(user) : 0;
        return Page();
    }

    /// <summary>"Forget this browser": the next sign-in from it asks for a code again.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        await signIn.ForgetTwoFactorClientAsync(); // removes this browser's "remember" cookie
        logger.LogInformation("Account {UserId} made this browser ask for a two-factor code again", user.Id);
        StatusMessage = Forgotten;
        return RedirectToPage();
    }
}
