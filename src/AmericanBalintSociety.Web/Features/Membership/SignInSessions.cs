using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>One of an account's signed-in browsers, as "Where you're signed in" lists it.</summary>
public sealed record SignInSessionSummary(string Id, DateTimeOffset CreatedAt, DateTimeOffset RenewedAt, DateTimeOffset ExpiresAt, string? UserAgent);

/// <summary>An account's signed-in sessions: listed for their owner, ended together by them or by staff.</summary>
public sealed class SignInSessions(AppDbContext db, UserManager<ApplicationUser> users, SiteChanges changes, AfterCommit afterCommit, TimeProvider clock)
{
    public async Task<IReadOnlyList<SignInSessionSummary>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.SignInSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.ExpiresAt > now)
            .OrderByDescending(s => s.RenewedAt)
            .Select(s => new SignInSessionSummary(s.Id, s.CreatedAt, s.RenewedAt, s.ExpiresAt, s.UserAgent))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the account's other sessions, keeping <paramref name="currentSessionId"/> (the browser that changed its
    /// password stays signed in; every other one must sign in with the new password).
    /// </summary>
    public async Task<int> EndOthersAsync(string userId, string? currentSessionId, CancellationToken cancellationToken)
    {
        var ended = await db.SignInSessions.Where(s => s.UserId == userId && s.Id != currentSessionId).ExecuteDeleteAsync(cancellationToken);
        await AnnounceEndedAsync();
        return ended;
    }

    /// <summary>
    /// Ends every session of the account at once, and changes its security stamp so no ticket made before now (one
    /// in flight, or from before sessions were kept on the server) is accepted at its next check either.
    /// </summary>
    public async Task<int> EndAllAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var ended = await db.SignInSessions.Where(s => s.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        await AnnounceEndedAsync();
        var stamped = await users.UpdateSecurityStampAsync(user);
        if (!stamped.Succeeded)
        {
            throw new InvalidOperationException($"The security stamp of account {user.Id} could not be changed: {string.Join(" ", stamped.Errors.Select(e => e.Description))}");
        }

        return ended;
    }

    /// <summary>
    /// No instance may serve the ended sessions from memory: each is told once the deletion is committed (callers end
    /// sessions inside their own transaction: a password change, a lockdown). Told any earlier, a request in between
    /// would read the sessions as they were and keep them for another minute. Not the request's token: once committed,
    /// a closed page must not leave the other instances uninformed.
    /// </summary>
    private Task AnnounceEndedAsync() =>
        afterCommit.RunAsync(db, "telling the other instances sign-in sessions ended", () => changes.PublishAsync(SignInSessionStore.Topic, CancellationToken.None));
}
