using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Asking a signed-in member for their password again before a change to how the account signs in (its address, its
/// password, its second factor), so a borrowed or stolen session cannot make one. Wrong answers count towards the
/// account's lockout and are logged like wrong passwords at sign-in.
/// </summary>
public static class CurrentPassword
{
    public const string Wrong = "That is not your current password.";

    public const string LockedOut = "Too many wrong passwords: your account is locked for 15 minutes. Nothing was changed.";

    /// <summary>Null when <paramref name="password"/> is the account's; otherwise what to show beside the field.</summary>
    public static async Task<string?> RefusalAsync(this SignInManager<ApplicationUser> signIn, ApplicationUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(signIn);
        var result = await signIn.CheckPasswordSignInAsync(user, password ?? "", lockoutOnFailure: true);
        return result.Succeeded ? null : result.IsLockedOut ? LockedOut : Wrong;
    }
}
