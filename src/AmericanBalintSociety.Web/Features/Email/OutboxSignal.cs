using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Wakes the dispatcher when mail has been committed, so it need not wait for its next poll.</summary>
public sealed class OutboxSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a signal or the timeout, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, clock, timeoutSource.Token);
        var signal = _channel.Reader.WaitToReadAsync(timeoutSource.Token).AsTask();
        await Task.WhenAny(delay, signal);
        await timeoutSource.CancelAsync();
        _channel.Reader.TryRead(out _);
        cancellationToken.ThrowIfCancellationRequested();
    }
}

/// <summary>Signals the dispatcher after a SaveChanges that stored outbox mail.</summary>
public sealed class OutboxSignalInterceptor(OutboxSignal signal) : SaveChangesInterceptor
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
            signal.Notify();
        }
    }
}
