using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Confirms a new email address from the mailed link. The address is also the sign-in name: both change, with the
/// audit entry and the notice to the old address ("This wasn't me"), or nothing does.
/// </summary>
public sealed class EmailAddressChange(
    UserManager<ApplicationUser> users, AppDbContext db, AuditLog audit, AccountSecurityNotices notices, ILogger<EmailAddressChange> logger)
{
    /// <summary>The changed account, or refused (an unknown account, a used or forged link, a taken address).</summary>
    public async Task<Result<ApplicationUser>> ConfirmAsync(string? userId, string? newEmail, string? code, Uri siteBase, CancellationToken cancellationToken)
    {
        var token = AccountLinks.DecodeToken(code);
        if (string.IsNullOrEmpty(userId) || token is null || string.IsNullOrEmpty(newEmail))
        {
            return Result.Failure<ApplicationUser>("This link does not work.");
        }

        var changed = await db.RunInTransactionAsync(() => ChangeAsync(userId, newEmail, token, siteBase), cancellationToken);
        if (changed.Succeeded)
        {
            logger.LogInformation("Account {UserId} changed its email address", userId);
        }

        return changed;
    }

    private async Task<Result<ApplicationUser>> ChangeAsync(string userId, string newEmail, string token, Uri siteBase)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Result.Failure<ApplicationUser>("This link does not work.");
        }

        var oldEmail = user.Email;
        var changed = await users.ChangeEmailAsync(user, newEmail, token);
        var renamed = changed.Succeeded ? await users.SetUserNameAsync(user, newEmail) : changed;
        if (!renamed.Succeeded)
        {
            logger.LogInformation("Account {UserId}: email change refused: {Errors}", user.Id, string.Join("; ", renamed.Errors.Select(e => e.Code)));
            return Result.Failure<ApplicationUser>("This link does not work.");
        }

        audit.Record(user.Id, newEmail, "account.email-changed", AccountSubjects.For(user.Id), $"from {oldEmail}");
        if (!string.IsNullOrEmpty(oldEmail))
        {
            notices.Notify(user, SecurityChange.EmailChanged, oldEmail, siteBase, newEmail);
        }

        return Result.Success(user);
    }
}
