using System.Security.Cryptography;
using System.Text;
using AmericanBalintSociety.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The mails anyone can make the site send to an address by typing it into a form.</summary>
public enum LimitedAccountMail
{
    PasswordReset,
    Confirmation,
    AlreadyRegistered,
}

/// <summary>
/// At most one mail of each <see cref="LimitedAccountMail"/> kind to one address per <c>Security:AccountMailInterval</c>
/// (15 minutes), so the forms cannot be used to flood someone's inbox; the forms answer the same either way. The check
/// and the claim are one conditional statement in the database, so it holds across requests, restarts and instances.
/// </summary>
public sealed class AccountMailLimit(AppDbContext db, ILookupNormalizer normalizer, IOptions<SecurityOptions> options, TimeProvider clock)
{
    /// <summary>Whether a mail of <paramref name="kind"/> may go to <paramref name="email"/> now; if so, the time is taken.</summary>
    public async Task<bool> TryTakeAsync(LimitedAccountMail kind, string email, CancellationToken cancellationToken)
    {
        var interval = options.Value.AccountMailInterval;
        if (interval <= TimeSpan.Zero)
        {
            return true;
        }

        var key = KeyOf(kind, normalizer.NormalizeEmail(email) ?? "");
        var now = clock.GetUtcNow();
        var cutoff = now - interval;
        var taken = await db.AccountMailThrottles.Where(t => t.Key == key && t.LastSentAt <= cutoff)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.LastSentAt, now), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.AccountMailThrottles.AnyAsync(t => t.Key == key, cancellationToken))
        {
            return false;
        }

        // First mail of this kind to this address (in a day): sweep the rows no check needs any more, then claim.
        await db.AccountMailThrottles.Where(t => t.LastSentAt < cutoff - TimeSpan.FromDays(1)).ExecuteDeleteAsync(cancellationToken);
        var row = db.AccountMailThrottles.Add(new AccountMailThrottle { Key = key, LastSentAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            row.State = EntityState.Detached; // another request claimed it first
            return false;
        }
        finally
        {
            if (row.State == EntityState.Unchanged)
            {
                row.State = EntityState.Detached; // not part of the caller's unit of work
            }
        }
    }

    private static string KeyOf(LimitedAccountMail kind, string normalizedEmail) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{kind}:{normalizedEmail}")));
}
