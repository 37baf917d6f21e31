using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>
/// Signals the dispatcher once stored outbox mail is visible to it: after the SaveChanges that stored it, or, when that
/// SaveChanges ran inside a transaction, after the commit (a wake-up before the commit would find nothing, and the mail
/// would wait for the next poll).
/// </summary>
public sealed class OutboxSignalInterceptor(WakeUpSignal<OutboxDispatcher> signal) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, object> _waitingForCommit = [];

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData?.Context);

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData?.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData?.Context is { } context)
        {
            _waitingForCommit.Remove(context);
        }
    }

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        TransactionRolledBack(transaction, eventData);
        return Task.CompletedTask;
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _waitingForCommit.Remove(context))
        {
            signal.Notify();
        }
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfMailAdded(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(
        SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfMailAdded(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void NotifyIfMailAdded(DbContext? context)
    {
        // After SaveChanges the added entries are Unchanged; a pending message is what is worth a wake-up.
        if (context is not null
            && context.ChangeTracker.Entries<OutboxMessage>().Any(e => e.Entity is { Status: OutboxStatus.Pending, Attempts: 0 }))
        {
            if (context.Database.CurrentTransaction is null)
            {
                signal.Notify();
            }
            else
            {
                _waitingForCommit.AddOrUpdate(context, context);
            }
        }
    }
}
