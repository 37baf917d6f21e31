using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Data;

/// <summary>The one way the site runs several changes as one: all of them are saved, or none.</summary>
public static class DbTransactions
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction inside the provider's execution strategy (SQL Server retries on
    /// transient failures), saves what it changed, and commits. A retry starts from an empty change tracker and runs
    /// <paramref name="work"/> again, so <paramref name="work"/> must read what it changes (nothing tracked before the
    /// call is saved by it). Changes are accepted only after the commit, so nothing a failed attempt did is taken for
    /// saved. When <paramref name="work"/> returns a refused <see cref="Result"/>, or throws, nothing is saved: the
    /// transaction is rolled back and the change tracker emptied (so rows <paramref name="work"/> saved before the
    /// failure do not look saved; entities the caller loaded before the call are no longer tracked either).
    /// </summary>
    public static Task<T> RunInTransactionAsync<T>(this AppDbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(db, work, cancellationToken);
    }

    private static async Task<T> RunAsync<T>(AppDbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        var attempts = 0;
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                if (attempts++ > 0)
                {
                    db.ChangeTracker.Clear();
                }

                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var result = await work();
                if (result is Result { Succeeded: false })
                {
                    await transaction.RollbackAsync(CancellationToken.None); // a refusal is an answer, even to a cancelled request
                    db.ChangeTracker.Clear();
                    return result;
                }

                await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                db.ChangeTracker.AcceptAllChanges();
                return result;
            });
        }
        catch
        {
            db.ChangeTracker.Clear(); // the transaction rolled back: nothing tracked may look saved
            throw;
        }
    }
}
