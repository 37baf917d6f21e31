using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace AmericanBalintSociety.Web.Infrastructure.Redis;

/// <summary>
/// An in-process cache whose entries are all forgotten when its topic changes, here or on another instance
/// (<see cref="SiteChanges"/>), and which is neither read nor filled while this instance cannot be sure to hear of
/// changes (<see cref="SiteChanges.Reliable"/>). A value read while a change happened is not kept.
/// </summary>
public sealed class TopicCache : IDisposable
{
    private readonly SiteChanges _changes;
    private readonly MemoryCache _entries;
    private readonly IDisposable _subscription;
    private CancellationTokenSource _changed = new();
    private long _generation;
    private bool _disposed;

    public TopicCache(SiteChanges changes, string topic, long sizeLimit)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _changes = changes;
        Topic = topic;
        _entries = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeLimit });
        _subscription = changes.Subscribe(topic, ForgetAsync);
    }

    public string Topic { get; }

    /// <summary>Moves on at every change heard of (so a caller can tell that work spanned a change).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>
    /// The value kept for <paramref name="key"/>, or the one <paramref name="factory"/> makes, kept for as long as
    /// <paramref name="keepFor"/> says (nothing or zero: not kept), unless a change came meanwhile. A null value is not kept.
    /// </summary>
    public async Task<T?> GetOrAddAsync<T>(object key, Func<Task<T?>> factory, Func<T, TimeSpan?> keepFor)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(keepFor);
        var usable = _changes.Reliable;
        if (usable && _entries.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }

        var changed = _changed.Token;
        var value = await factory();
        if (usable && value is not null && !changed.IsCancellationRequested && keepFor(value) is { } lifetime && lifetime > TimeSpan.Zero)
        {
            using var entry = _entries.CreateEntry(key);
            entry.Value = value;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = lifetime;
            entry.AddExpirationToken(new CancellationChangeToken(changed));
        }

        return value;
    }

    /// <summary>Call after a change: this instance forgets at once, the others when they hear it.</summary>
    public Task ChangedAsync(CancellationToken cancellationToken) => _changes.PublishAsync(Topic, cancellationToken);

    public void Dispose()
    {
        _subscription.Dispose(); // first: no change heard from now on reaches the disposed entries
        Volatile.Write(ref _disposed, true); // and one already being raised stops in ForgetAsync
        _entries.Dispose();
        _changed.Dispose();
    }

    private async Task ForgetAsync()
    {
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        Interlocked.Increment(ref _generation);
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        try
        {
            await previous.CancelAsync();
        }
        catch (ObjectDisposedException) when (Volatile.Read(ref _disposed))
        {
            return; // disposed between the check above and here
        }

        previous.Dispose();
    }
}
