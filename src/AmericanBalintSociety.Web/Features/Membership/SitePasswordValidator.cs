using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Refuses common passwords, passwords that are the account's own address, and passwords over the maximum length;
/// asks staff accounts for <see cref="PasswordRules.StaffMinimumLength"/> characters.
/// </summary>
public sealed class SitePasswordValidator(CommonPasswords commonPasswords) : IPasswordValidator<ApplicationUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<ApplicationUser> manager, ApplicationUser user, string? password)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        if (string.IsNullOrEmpty(password))
        {
            return IdentityResult.Success; // Identity's own validator reports the missing password.
        }

        var errors = CheckText(user, password, commonPasswords);
        if (password.Length < PasswordRules.StaffMinimumLength && user.Id is not null && await IsStaffAsync(manager, user))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooShortForStaff",
                Description = $"Staff passwords must be at least {PasswordRules.StaffMinimumLength} characters long.",
            });
        }

        return errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]);
    }

    /// <summary>The rules that need only the text: length, common passwords, the account's own address.</summary>
    internal static List<IdentityError> CheckText(ApplicationUser user, string password, CommonPasswords commonPasswords)
    {
        var errors = new List<IdentityError>();
        if (password.Length > PasswordRules.MaximumLength)
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooLong",
                Description = $"Passwords must be at most {PasswordRules.MaximumLength} characters long.",
            });
        }

        var trimmed = password.Trim();
        var email = user.Email ?? user.UserName ?? "";
        var localPart = email.Split('@')[0];
        if (commonPasswords.Contains(trimmed)
            || (email.Length > 0 && string.Equals(trimmed, email, StringComparison.OrdinalIgnoreCase))
            || (localPart.Length >= 4 && string.Equals(trimmed, localPart, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new IdentityError
            {
                Code = "PasswordTooCommon",
                Description = "That password is too common or too easy to guess. Please choose another.",
            });
        }

        return errors;
    }

    private static async Task<bool> IsStaffAsync(UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        // A new account (not yet stored) has no roles; asking the store would fail.
        if (await manager.FindByIdAsync(user.Id) is null)
        {
            return false;
        }

        var roles = await manager.GetRolesAsync(user);
        return roles.Any(r => Roles.All.Contains(r, StringComparer.Ordinal));
    }
}
