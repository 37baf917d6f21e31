using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Creates staff accounts (used by the <c>staff add</c> command, later by the admin).</summary>
public sealed class StaffAccounts(UserManager<ApplicationUser> users, TimeProvider clock, ILogger<StaffAccounts> logger)
{
    /// <summary>
    /// Creates a confirmed account with the role, or gives an existing account the role.
    /// A new account needs a password of at least <see cref="PasswordRules.StaffMinimumLength"/> characters
    /// that passes the site's password validators.
    /// </summary>
    public async Task<Result> AddAsync(string email, string role, string? password, string? displayName)
    {
        email = (email ?? "").Trim();
        if (email.Length == 0 || email.Length > 256 || !new EmailAddressAttribute().IsValid(email))
        {
            return Result.Failure($"'{email}' is not a valid email address.");
        }

        var canonicalRole = Roles.All.FirstOrDefault(r => string.Equals(r, role, StringComparison.OrdinalIgnoreCase));
        if (canonicalRole is null)
        {
            return Result.Failure($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.");
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            if (await users.IsInRoleAsync(existing, canonicalRole))
            {
                return Result.Success($"{email} already has the {canonicalRole} role; nothing changed.");
            }

            var added = await users.AddToRoleAsync(existing, canonicalRole);
            if (!added.Succeeded)
            {
                return IdentityRefusal.Of(added, "The role could not be given.");
            }

            logger.LogInformation("Role {Role} given to existing account {UserId} from the command line", canonicalRole, existing.Id);
            return Result.Success(
                $"{email} already had an account; it now has the {canonicalRole} role. Its password was not changed.");
        }

        var passwordErrors = await CheckPasswordAsync(email, password);
        if (passwordErrors.Count > 0)
        {
            return Result.Failure([.. passwordErrors]);
        }

        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };
        var created = await users.CreateAsync(user, password!);
        if (!created.Succeeded)
        {
            return IdentityRefusal.Of(created, "The account could not be created.");
        }

        var inRole = await users.AddToRoleAsync(user, canonicalRole);
        if (!inRole.Succeeded)
        {
            await users.DeleteAsync(user);
            return IdentityRefusal.Of(inRole, "The role could not be given.");
        }

        logger.LogInformation("Staff account {UserId} created with role {Role} from the command line", user.Id, canonicalRole);
        return Result.Success($"Created {canonicalRole} account {email}. It can sign in now.");
    }

    private async Task<List<string>> CheckPasswordAsync(string email, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return ["A password is required for a new account."];
        }

        var errors = new List<string>();
        if (password.Length < PasswordRules.StaffMinimumLength)
        {
            errors.Add($"Staff passwords must be at least {PasswordRules.StaffMinimumLength} characters long.");
        }

        var probe = new ApplicationUser { UserName = email, Email = email };
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, probe, password);
            errors.AddRange(result.Errors.Select(e => e.Description));
        }

        return [.. errors.Distinct(StringComparer.Ordinal)];
    }
}
