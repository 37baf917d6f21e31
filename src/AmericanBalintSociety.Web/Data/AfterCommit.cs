using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AmericanBalintSociety.Web.Data;

/// <summary>
/// Work to do once what a context is writing is visible to everyone else: telling the other instances, or a background
/// worker, that something changed. Said from inside a transaction, they would read the rows as they were and keep that.
/// With no transaction open the work runs at once (the write it follows is already saved); inside one, it waits for the
/// commit and is dropped on a rollback. Best effort: the data is committed whatever the work does, so a failure is
/// logged, never thrown into the commit (which the execution strategy would take for a failed commit and retry).
/// </summary>
/// <remarks>
/// An EF transaction interceptor, keyed by context (one context is never used by two threads at once). A retried
/// attempt begins a new transaction, which drops what the failed one asked for; the attempt asks again for what it
/// does itself. A commit whose acknowledgement was lost, then read by the retry as already done, is not followed by the
/// work: the cost is what the work was for arriving late (a cache's own expiry, a worker's next poll).
/// The work runs inside EF's commit call, before the context lets go of the transaction: it must not use the same
/// context (work it asked of <see cref="RunAsync"/> from there would wait for a commit that has already happened).
/// </remarks>
public sealed class AfterCommit(ILogger<AfterCommit> logger) : DbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(string What, Func<Task> Work)>> _pending = [];

    /// <summary>
    /// Runs <paramref name="work"/> now when <paramref name="db"/> has no transaction open, else once it commits;
    /// <paramref name="what"/> names it in the log if it fails ("telling the other instances …").
    /// </summary>
    public Task RunAsync(DbContext db, string what, Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(work);
        if (db.Database.CurrentTransaction is null)
        {
            return RunOneAsync(what, work);
        }

        _pending.GetOrCreateValue(db).Add((what, work));
        return Task.CompletedTask;
    }

    /// <inheritdoc cref="RunAsync"/>
    public void Run(DbContext db, string what, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _ = RunAsync(db, what, () =>
        {
            work();
            return Task.CompletedTask;
        });
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        Forget(eventData); // left by a transaction disposed without a commit or rollback (a pooled context is reused)
        return result;
    }

    public override ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return ValueTask.FromResult(result);
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        _ = RunPendingAsync(eventData); // nothing here commits synchronously; the work finishes on its own

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default) =>
        RunPendingAsync(eventData);

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Forget(eventData);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ForgetIfEnded(eventData);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetIfEnded(eventData);
        return Task.CompletedTask;
    }

    /// <summary>A failed commit or rollback ends the transaction; a failed savepoint does not, and the caller may still commit.</summary>
    private void ForgetIfEnded(TransactionErrorEventData eventData)
    {
        if (eventData?.Action is "Commit" or "Rollback")
        {
            Forget(eventData);
        }
    }

    private void Forget(DbContextEventData eventData)
    {
        if (eventData?.Context is { } context)
        {
            _pending.Remove(context);
        }
    }

    private async Task RunPendingAsync(DbContextEventData eventData)
    {
        if (eventData?.Context is not { } context || !_pending.TryGetValue(context, out var work))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var (what, each) in work)
        {
            await RunOneAsync(what, each);
        }
    }

    private async Task RunOneAsync(string what, Func<Task> work)
    {
        try
        {
            await work();
        }
#pragma warning disable CA1031 // committed is committed: nothing said afterwards may fail the write it follows
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogWarning(ex, "Saved, but {What} failed afterwards; what it tells arrives late", what);
        }
    }
}
