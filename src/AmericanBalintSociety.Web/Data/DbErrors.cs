using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Data;

/// <summary>What a failed save means, told by the providers' error codes (not their messages, which are localised).</summary>
public static class DbErrors
{
    /// <summary>SQLite: SQLITE_CONSTRAINT_UNIQUE (2067) or SQLITE_CONSTRAINT_PRIMARYKEY (1555); SQL Server: 2601 or 2627.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception?.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        SqlException sqlServer => sqlServer.Number is 2601 or 2627,
        _ => false,
    };

    /// <summary>
    /// Runs <paramref name="work"/> and commits it in one transaction, inside the provider's execution strategy (SQL Server
    /// retries on transient failures). A retry starts from an empty change tracker and runs <paramref name="work"/> again,
    /// so <paramref name="work"/> must read what it changes (nothing tracked before the call is saved by it). Changes are
    /// accepted only after the commit, so nothing the failed attempt did is taken for saved.
    /// </summary>
    public static Task<T> InTransactionAsync<T>(this AppDbContext db, Func<Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        var attempts = 0;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            if (attempts++ > 0)
            {
                db.ChangeTracker.Clear();
            }

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var result = await work();
            await db.SaveChangesAsync(acceptAllChangesOnSuccess: false, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.AcceptAllChanges();
            return result;
        });
    }
}
