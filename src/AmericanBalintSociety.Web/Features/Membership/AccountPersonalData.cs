using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The account itself: profile, sign-in settings, roles, the browsers signed in to it.</summary>
public sealed class AccountPersonalData(UserManager<ApplicationUser> users, SignInSessions sessions) : IPersonalDataSource
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
            SignedInBrowsers = (await sessions.ListAsync(user.Id, cancellationToken))
                .Select(s => new { s.CreatedAt, LastActive = s.RenewedAt, s.ExpiresAt, s.UserAgent }),
        };
    }

    // The account row (with its roles, claims, logins and tokens) is deleted by AccountDeletion itself; its sessions go
    // with it (the foreign key cascades).
    public Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken) => Task.CompletedTask;
}
