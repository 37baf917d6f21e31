using System.Text.Json;
using System.Text.Json.Serialization;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// One feature's part of what the site holds about a member: what "download my data" includes and what
/// "delete my account" erases. Every feature that stores personal data registers one.
/// </summary>
public interface IPersonalDataSource
{
    /// <summary>The section's name in the download, e.g. <c>mail</c>.</summary>
    string Section { get; }

    Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken);

    /// <summary>Erases or anonymises the member's data. Runs inside the deletion's transaction, before the account row goes.</summary>
    Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken);
}

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

/// <summary>The audit entries the member's own actions wrote, or that were about their account.</summary>
public sealed class AuditPersonalData(AppDbContext db) : IPersonalDataSource
{
    public string Section => "activity";

    public async Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var subject = AccountSubjects.For(user.Id);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorId == user.Id || e.Subject == subject)
            .OrderBy(e => e.Id)
            .Select(e => new { e.At, e.Actor, e.Action, e.Subject, e.Details })
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The log keeps what was done (staff changes must stay accountable) but no longer says by whom:
    /// the actor's address is replaced, and entries about the account lose their details.
    /// </summary>
    public async Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var subject = AccountSubjects.For(user.Id);
        await db.AuditEntries.Where(e => e.ActorId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Actor, AccountSubjects.DeletedActor), cancellationToken);
        await db.AuditEntries.Where(e => e.Subject == subject && e.Details != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, (string?)null), cancellationToken);
    }
}

/// <summary>How account events are named in the audit log.</summary>
public static class AccountSubjects
{
    public const string DeletedActor = "deleted account";

    public static string For(string userId) => $"user:{userId}";
}

/// <summary>"Download my data": every <see cref="IPersonalDataSource"/>'s section in one JSON document.</summary>
public sealed class PersonalDataExport(IEnumerable<IPersonalDataSource> sources, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public async Task<byte[]> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var document = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["exportedAt"] = clock.GetUtcNow(),
        };
        foreach (var source in sources)
        {
            document[source.Section] = await source.ExportAsync(user, cancellationToken);
        }

        return JsonSerializer.SerializeToUtf8Bytes(document, Json);
    }
}

/// <summary>
/// "Delete my account": every source erases its part, then the account goes, all in one transaction.
/// The last Admin cannot delete their account (someone must be able to run the site).
/// </summary>
public sealed class AccountDeletion(
    AppDbContext db, UserManager<ApplicationUser> users, IEnumerable<IPersonalDataSource> sources, AuditLog audit,
    TimeProvider clock, ILogger<AccountDeletion> logger)
{
    public async Task<Result> DeleteAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var userId = user.Id;
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
            logger.LogInformation("Account {UserId} deleted by its owner", userId);
        }

        return result;
    }
}
