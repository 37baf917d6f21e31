using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The account itself: profile, sign-in settings, roles.</summary>
public sealed class AccountPersonalData(UserManager<ApplicationUser> users) : IPersonalDataSource
{
    public string Section => "account";

    public async Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new
        {
            user.Id,
            user.Email,
            user.EmailConfirmed,
            Name = user.DisplayName,
            user.ProfessionalRole,
            user.Organization,
            user.City,
            user.State,
            user.PhoneNumber,
            user.CreatedAt,
            user.LastSignInAt,
            user.TwoFactorEnabled,
            RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user),
            user.LockoutEnd,
            user.AccessFailedCount,
            Roles = await users.GetRolesAsync(user),
        };
    }

    // The account row (with its roles, claims, logins and tokens) is deleted by AccountDeletion itself.
    public Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken) => Task.CompletedTask;
}
