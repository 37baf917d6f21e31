using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>
/// Signals the dispatcher once stored outbox mail is visible to it: after the SaveChanges that stored it, or, when that
/// SaveChanges ran inside a transaction, after the commit (<see cref="AfterCommit"/>: a wake-up before the commit would
/// find nothing, and the mail would wait for the next poll).
/// </summary>
public sealed class OutboxSignalInterceptor(WakeUpSignal<OutboxDispatcher> signal, AfterCommit afterCommit) : SaveChangesInterceptor
{
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
            afterCommit.Run(context, "waking the outbox's dispatcher", signal.Notify);
        }
    }
}
