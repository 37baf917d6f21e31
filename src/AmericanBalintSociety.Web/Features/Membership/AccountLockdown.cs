using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// "This wasn't me": secures an account whose owner says a change was not theirs. Every session ends, the password
/// stops working, an email change is undone (when the old address is still free), and a link to choose a new password
/// goes to the owner's address, all in one transaction. Two-factor settings are left as they are: the owner's mailbox
/// alone must never be enough to remove a second factor.
/// </summary>
public sealed class AccountLockdown(
    UserManager<ApplicationUser> users, AppDbContext db, SignInSessions sessions, AccountEmails emails, AccountLinks links,
    AuditLog audit, ILogger<AccountLockdown> logger)
{
    public const string BrokenLink = "This link does not work. It may be older than a week, or not copied whole.";

    /// <summary>The address the new-password link went to, or why nothing was done.</summary>
    public Task<Result<string>> SecureAsync(NotMeReport? report, Uri siteBase, CancellationToken cancellationToken) =>
        report is null
            ? Task.FromResult(Result.Failure<string>(BrokenLink))
            : db.RunInTransactionAsync(() => SecureInTransactionAsync(report, siteBase, cancellationToken), cancellationToken);

    private async Task<Result<string>> SecureInTransactionAsync(NotMeReport report, Uri siteBase, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(report.UserId);
        if (user is null)
        {
            return Result.Failure<string>(BrokenLink);
        }

        var restored = report.Change == SecurityChange.EmailChanged
            && !string.Equals(user.Email, report.NoticeAddress, StringComparison.OrdinalIgnoreCase)
            && await RestoreAddressAsync(user, report.NoticeAddress);

        if (await users.HasPasswordAsync(user))
        {
            Check(await users.RemovePasswordAsync(user));
        }

        var ended = await sessions.EndAllAsync(user, cancellationToken);
        emails.AccountSecured(user, await links.ResetPasswordAsync(siteBase, user));
        audit.Record(user.Id, user.Email ?? "", "account.secured-after-report", AccountSubjects.For(user.Id),
            $"{report.Change}; {ended} session(s) ended{(restored ? $"; address {report.NoticeAddress} restored" : "")}");
        logger.LogWarning("Account {UserId} secured by its owner after a change they did not make ({Change}); {Sessions} sessions ended",
            user.Id, report.Change, ended);
        return Result.Success<string>(user.Email!);
    }

    /// <summary>Puts the old address back, unless another account has taken it since.</summary>
    private async Task<bool> RestoreAddressAsync(ApplicationUser user, string oldEmail)
    {
        var holder = await users.FindByEmailAsync(oldEmail);
        if (holder is not null && holder.Id != user.Id)
        {
            logger.LogWarning("Account {UserId}: old address not restored, another account holds it", user.Id);
            return false;
        }

        Check(await users.SetEmailAsync(user, oldEmail));
        Check(await users.SetUserNameAsync(user, oldEmail));
        user.EmailConfirmed = true; // it is the address the owner just proved they read
        Check(await users.UpdateAsync(user));
        return true;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Securing the account failed: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
