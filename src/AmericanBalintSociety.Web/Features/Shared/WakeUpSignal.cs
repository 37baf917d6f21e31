using System.Threading.Channels;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// Wakes a background worker when there is new work for it, so it need not wait for its next poll. One per worker,
/// registered as a singleton of <c>WakeUpSignal&lt;TheWorker&gt;</c> (the type argument only keeps the workers' signals apart).
/// Signals that arrive while the worker is busy collapse into one wake-up.
/// </summary>
/// <typeparam name="TWorker">The worker this signal wakes.</typeparam>
public sealed class WakeUpSignal<TWorker>
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
