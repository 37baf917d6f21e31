using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Membership;

public sealed record MemberSummary(
    string Id, string Email, string? Name, bool EmailConfirmed, bool LockedOut, bool TwoFactorEnabled,
    IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt)
{
    /// <summary>Locked by staff (until further notice) rather than for a while after wrong passwords.</summary>
    public bool LockedByStaff { get; init; }
}

public sealed record MemberDetails(MemberSummary Summary, ApplicationUser User, IReadOnlyList<AuditEntry> Activity);

/// <summary>
/// What Admins do to members' accounts: find them, give or take a staff role, lock, unlock, resend the confirmation
/// mail. Every change is audited in the same transaction, ends the member's other sessions where it matters (the
/// security stamp changes), and the last Admin can be neither demoted nor locked.
/// </summary>
public sealed class MemberAdministration(
    AppDbContext db, UserManager<ApplicationUser> users, AuditLog audit, AccountEmails emails, AccountLinks links,
    SignInSessions sessions, TimeProvider clock, ILogger<MemberAdministration> logger)
{
    public const int PageSize = 25;

    public async Task<Paged<MemberSummary>> SearchAsync(string? query, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        var members = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = Like.Contains(query.Trim());
            members = members.Where(u => EF.Functions.Like(u.Email, pattern, Like.EscapeCharacter)
                || EF.Functions.Like(u.DisplayName, pattern, Like.EscapeCharacter));
        }

        var total = await members.CountAsync(cancellationToken);
        var rows = await members.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var roles = await RolesOfAsync([.. rows.Select(u => u.Id)], cancellationToken);
        var now = clock.GetUtcNow();
        return new Paged<MemberSummary>(
            [.. rows.Select(u => Summarize(u, roles.GetValueOrDefault(u.Id) ?? [], now))], page, PageSize, total);
    }

    public async Task<MemberDetails?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await RolesOfAsync([id], cancellationToken);
        var subject = AccountSubjects.For(id);
        var activity = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Subject == subject || e.ActorId == id)
            .OrderByDescending(e => e.Id).Take(20).ToListAsync(cancellationToken);
        return new MemberDetails(Summarize(user, roles.GetValueOrDefault(id) ?? [], clock.GetUtcNow()), user, activity);
    }

    public Task<Result> GiveRoleAsync(ClaimsPrincipal actor, string id, string role, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, async user =>
        {
            var canonical = Roles.All.FirstOrDefault(r => r == role);
            if (canonical is null)
            {
                return Result.Failure($"Unknown role '{role}'.");
            }

            if (await users.IsInRoleAsync(user, canonical))
            {
                return Result.Success($"{user.Email} already has the {canonical} role.");
            }

            Check(await users.AddToRoleAsync(user, canonical));
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(actor, "member.role-given", AccountSubjects.For(user.Id), canonical);
            logger.LogInformation("Role {Role} given to account {UserId} by {ActorId}", canonical, user.Id, ActorId(actor));
            return Result.Success($"{user.Email} now has the {canonical} role.");
        }, cancellationToken);

    public Task<Result> TakeRoleAsync(ClaimsPrincipal actor, string id, string role, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, async user =>
        {
            var canonical = Roles.All.FirstOrDefault(r => r == role);
            if (canonical is null || !await users.IsInRoleAsync(user, canonical))
            {
                return Result.Failure($"{user.Email} does not have the {role} role.");
            }

            if (canonical == Roles.Admin && await ActiveAdmins.OthersThanAsync(db, user.Id, clock) == 0)
            {
                return Result.Failure($"{user.Email} is the only Admin. Give another account the Admin role first.");
            }

            Check(await users.RemoveFromRoleAsync(user, canonical));
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(actor, "member.role-taken", AccountSubjects.For(user.Id), canonical);
            logger.LogInformation("Role {Role} taken from account {UserId} by {ActorId}", canonical, user.Id, ActorId(actor));
            return Result.Success($"{user.Email} no longer has the {canonical} role.");
        }, cancellationToken);

    public Task<Result> LockAsync(ClaimsPrincipal actor, string id, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, async user =>
        {
            if (user.Id == ActorId(actor))
            {
                return Result.Failure("You cannot lock your own account.");
            }

            if (await users.IsInRoleAsync(user, Roles.Admin) && await ActiveAdmins.OthersThanAsync(db, user.Id, clock) == 0)
            {
                return Result.Failure($"{user.Email} is the only Admin and cannot be locked.");
            }

            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            await sessions.EndAllAsync(user, cancellationToken); // signed out everywhere, at once
            audit.Record(actor, "member.locked", AccountSubjects.For(user.Id));
            logger.LogWarning("Account {UserId} locked by {ActorId}", user.Id, ActorId(actor));
            return Result.Success($"{user.Email} is locked and cannot sign in until unlocked.");
        }, cancellationToken);

    /// <summary>
    /// Turns off a member's two-factor authentication (they lost their phone and their recovery codes): the Admin
    /// re-enters their own password first (a wrong one counts towards the Admin's own lockout); the authenticator key and
    /// recovery codes are replaced, the member signed out everywhere and mailed, and the change audited.
    /// </summary>
    public async Task<Result> ResetTwoFactorAsync(ClaimsPrincipal actor, string id, string? password, CancellationToken cancellationToken)
    {
        var admin = await users.GetUserAsync(actor);
        if (admin is null)
        {
            return Result.Failure("Your own account could not be read; sign in again.");
        }

        if (string.IsNullOrEmpty(password) || !await users.CheckPasswordAsync(admin, password))
        {
            await users.AccessFailedAsync(admin);
            return Result.Invalid("password", "That is not your password. Enter the password you sign in with, to show it is you.");
        }

        db.ChangeTracker.Clear();
        return await ChangeAsync(actor, id, async user =>
        {
            if (user.Id == ActorId(actor))
            {
                return Result.Failure("Reset your own two-factor authentication under My account → Two-factor authentication.");
            }

            if (!user.TwoFactorEnabled)
            {
                return Result.Failure($"{user.Email} does not use two-factor authentication.");
            }

            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            Check(await users.RemoveAuthenticationTokenAsync(user, "[AspNetUserStore]", "RecoveryCodes"));
            await sessions.EndAllAsync(user, cancellationToken);
            audit.Record(actor, "member.two-factor-reset", AccountSubjects.For(user.Id));
            emails.TwoFactorReset(user);
            logger.LogWarning("Two-factor authentication of {UserId} reset by {ActorId}", user.Id, ActorId(actor));
            return Result.Success($"Two-factor authentication is off for {user.Email}; they were signed out and told by mail. "
                + "They sign in with their password and, if they are staff, set up an authenticator again.");
        }, cancellationToken);
    }

    public Task<Result> UnlockAsync(ClaimsPrincipal actor, string id, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, async user =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            audit.Record(actor, "member.unlocked", AccountSubjects.For(user.Id));
            logger.LogInformation("Account {UserId} unlocked by {ActorId}", user.Id, ActorId(actor));
            return Result.Success($"{user.Email} is unlocked.");
        }, cancellationToken);

    public Task<Result> ResendConfirmationAsync(ClaimsPrincipal actor, string id, HttpRequest request, CancellationToken cancellationToken) =>
        ChangeAsync(actor, id, async user =>
        {
            if (user.EmailConfirmed)
            {
                return Result.Failure($"{user.Email} is already confirmed.");
            }

            emails.ConfirmAccount(user, await links.ConfirmEmailAsync(request, user));
            audit.Record(actor, "member.confirmation-resent", AccountSubjects.For(user.Id));
            await db.SaveChangesAsync();
            logger.LogInformation("Confirmation mail for account {UserId} resent by {ActorId}", user.Id, ActorId(actor));
            return Result.Success($"A new confirmation mail is on its way to {user.Email}.");
        }, cancellationToken);

    /// <summary>Runs one change and its audit entry in a transaction; a refused or failed change leaves nothing behind.</summary>
    private async Task<Result> ChangeAsync(ClaimsPrincipal actor, string id, Func<ApplicationUser, Task<Result>> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        db.ChangeTracker.Clear(); // the account is read afresh inside the transaction
        try
        {
            return await db.RunInTransactionAsync(async () =>
            {
                var user = await users.FindByIdAsync(id);
                return user is null ? Result.Failure("That account no longer exists.") : await change(user);
            }, cancellationToken);
        }
        catch (IdentityOperationException e)
        {
            db.ChangeTracker.Clear();
            logger.LogError("Changing account {UserId} failed: {Errors}", id, e.Message);
            return Result.Failure("The change could not be saved. Nothing was changed; please try again.");
        }
    }

    private async Task<Dictionary<string, List<string>>> RolesOfAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        (await db.UserRoles.AsNoTracking()
            .Where(ur => ids.Contains(ur.UserId))
            .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken))
        .GroupBy(x => x.UserId)
        .ToDictionary(g => g.Key, g => g.Select(x => x.Name!).Order(StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

    private static MemberSummary Summarize(ApplicationUser u, IReadOnlyList<string> roles, DateTimeOffset now) =>
        new(u.Id, u.Email ?? "", u.DisplayName, u.EmailConfirmed, u.LockoutEnd > now, u.TwoFactorEnabled, roles, u.CreatedAt, u.LastSignInAt)
        {
            // Staff locks are "for ever" (DateTimeOffset.MaxValue, less the precision SQLite's storage keeps).
            LockedByStaff = u.LockoutEnd > now.AddYears(100),
        };

    public string? CurrentUserId(ClaimsPrincipal principal) => users.GetUserId(principal);

    private static string? ActorId(ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.NameIdentifier);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new IdentityOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
        }
    }

    private sealed class IdentityOperationException(string message) : Exception(message);
}
