using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// "Delete my account": every source first does what must happen elsewhere (a subscription cancelled at Stripe), then
/// every source erases its part and the account goes, all in one transaction.
/// The last Admin cannot delete their account (someone must be able to run the site).
/// </summary>
public sealed class AccountDeletion(
    AppDbContext db, UserManager<ApplicationUser> users, IEnumerable<IPersonalDataSource> sources, AuditLog audit,
    SiteChanges changes, TimeProvider clock, ILogger<AccountDeletion> logger)
{
    public async Task<Result> DeleteAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.Id;

        // Refusals that need nothing from elsewhere come before anything is done elsewhere (a subscription cancelled).
        if (await users.IsInRoleAsync(user, Roles.Admin) && await ActiveAdmins.OthersThanAsync(db, userId, clock) == 0)
        {
            return Result.Failure("You are the site's only Admin, so your account cannot be deleted. Give another account the Admin role first.");
        }

        foreach (var source in sources)
        {
            if (await source.PrepareEraseAsync(user, cancellationToken) is { Succeeded: false } refused)
            {
                return refused;
            }
        }

        // What the preparations loaded and saved (a cancelled plan, a membership) must not be saved again by the
        // deletion's cascade with a stale version: the transaction reads everything afresh.
        db.ChangeTracker.Clear();

        var result = await db.RunInTransactionAsync(async () =>
        {
            // Read afresh: a retried attempt starts from an empty change tracker.
            var account = await users.FindByIdAsync(userId);
            if (account is null)
            {
                return Result.Failure("Your account could not be deleted. Nothing was changed; please try again.");
            }

            if (await users.IsInRoleAsync(account, Roles.Admin) && await ActiveAdmins.OthersThanAsync(db, account.Id, clock) == 0)
            {
                return Result.Failure(
                    "You are the site's only Admin, so your account cannot be deleted. Give another account the Admin role first.");
            }

            foreach (var source in sources)
            {
                await source.EraseAsync(account, cancellationToken);
            }

            audit.Record(actorId: null, AccountSubjects.DeletedActor, "account.deleted", AccountSubjects.For(account.Id));
            var deleted = await users.DeleteAsync(account); // saves the audit entry with it
            if (!deleted.Succeeded)
            {
                logger.LogError("Deleting account {UserId} failed: {Errors}", account.Id, string.Join("; ", deleted.Errors.Select(e => e.Code)));
                return Result.Failure("Your account could not be deleted. Nothing was changed; please try again.");
            }

            return Result.Success("Your account and your personal data have been deleted.");
        }, cancellationToken);

        if (result.Succeeded)
        {
            // Its sign-in sessions went with it (cascade): no instance may serve one from memory.
            await changes.PublishAsync(SignInSessionStore.Topic, cancellationToken);
            logger.LogInformation("Account {UserId} deleted by its owner", userId);
        }

        return result;
    }
}
