using System.Reflection;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The password rules (NIST SP 800-63B): length, not composition; no common passwords.</summary>
public static class PasswordRules
{
    public const int MemberMinimumLength = 8;
    public const int StaffMinimumLength = 12;
    public const int MaximumLength = 128;

    /// <summary>PBKDF2 (HMAC-SHA512) iterations: OWASP's 2023 figure. Older hashes are upgraded at the next sign-in.</summary>
    public const int HashIterations = 600_000;

    public const string Hint =
        "At least 8 characters (staff: 12). Spaces are fine; a few unrelated words make a strong, memorable password.";
}

/// <summary>
/// The most common passwords (from zxcvbn-ts's list, 8 characters or more; see <c>common-passwords.LICENSE.txt</c>
/// and <c>tools/update-common-passwords.sh</c>), loaded once.
/// </summary>
public sealed class CommonPasswords
{
    private readonly HashSet<string> _passwords;

    public CommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly()
            .GetManifestResourceStream("AmericanBalintSociety.Web.Features.Membership.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is missing from the assembly.");
        using var reader = new StreamReader(stream);
        _passwords = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                _passwords.Add(line);
            }
        }
    }

    public int Count => _passwords.Count;

    public bool Contains(string password) => _passwords.Contains(password);
}

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
