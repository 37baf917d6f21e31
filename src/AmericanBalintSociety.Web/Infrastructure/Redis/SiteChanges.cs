using System.Collections.Concurrent;
using System.Collections.Immutable;
using StackExchange.Redis;

namespace AmericanBalintSociety.Web.Infrastructure.Redis;

/// <summary>
/// "Something changed: forget what you cached about it", said to every instance of the site. A change is handled here at
/// once and, with Redis, published on one channel that every other instance subscribes to. Redis pub/sub is fire and
/// forget: an instance whose subscription is not live hears nothing. Hence <see cref="Reliable"/>, true only once this
/// instance has heard its own probe come back over the channel since it last (re)connected: an in-process cache serves
/// from itself only while that holds, and reads the database otherwise. When the probe comes back after a reconnect,
/// every topic is raised, since something may have changed while the subscription was away.
/// </summary>
public sealed class SiteChanges(SiteRedis redis, ILogger<SiteChanges> logger) : IHostedService, IDisposable
{
    private const string Probe = "\u0001probe:";

    private readonly string _instance = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, ImmutableArray<Func<Task>>> _handlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _unsent = new(StringComparer.Ordinal); // changed here while Redis was away
    private readonly CancellationTokenSource _stopping = new();
    private RedisChannel _channel;
    private ISubscriber? _subscriber;
    private long _epoch;     // moves on at every (re)connection and failure
    private long _confirmed = -1; // the epoch whose probe came back
    private bool _stopped;

    /// <summary>
    /// Whether this instance will hear of every change made elsewhere: always on one instance (no Redis), and with Redis
    /// while its subscription is known to be live.
    /// </summary>
    public bool Reliable => !redis.Enabled || (Interlocked.Read(ref _confirmed) == Interlocked.Read(ref _epoch) && redis.IsConnected);

    /// <summary>
    /// Calls <paramref name="handler"/> whenever <paramref name="topic"/> changes, here or on another instance, until the
    /// returned subscription is disposed (the site's caches, singletons, never do; a test's listener must).
    /// </summary>
    public IDisposable Subscribe(string topic, Func<Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _handlers.AddOrUpdate(topic, _ => [handler], (_, handlers) => handlers.Add(handler));
        return new Subscription(this, topic, handler);
    }

    private void Unsubscribe(string topic, Func<Task> handler) =>
        _handlers.AddOrUpdate(topic, _ => [], (_, handlers) => handlers.Remove(handler));

    private sealed class Subscription(SiteChanges changes, string topic, Func<Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                changes.Unsubscribe(topic, handler);
            }
        }
    }

    /// <summary>Tells this instance's handlers (awaited) and every other instance (best effort) that <paramref name="topic"/> changed.</summary>
    public async Task PublishAsync(string topic, CancellationToken cancellationToken)
    {
        await RaiseAsync(topic);
        if (redis.Enabled && !await TrySendAsync(topic, cancellationToken))
        {
            // Another instance may still be connected and trusting its caches: it is told once this one is back.
            _unsent[topic] = true;
        }
    }

    /// <summary>What changed here while Redis was away, published now that this instance's subscription is live again.</summary>
    private async Task PublishUnsentAsync()
    {
        foreach (var topic in _unsent.Keys)
        {
            if (!_unsent.TryRemove(topic, out _))
            {
                continue;
            }

            if (await TrySendAsync(topic, CancellationToken.None))
            {
                logger.LogInformation("Told the other instances that {Topic} changed while Redis was away", topic);
            }
            else
            {
                _unsent[topic] = true;
            }
        }
    }

    /// <summary>Publishes "<paramref name="topic"/> changed" to the other instances; false (and a warning) when Redis cannot take it now.</summary>
    private async Task<bool> TrySendAsync(string topic, CancellationToken cancellationToken)
    {
        if (_subscriber is not { } subscriber || !redis.IsConnected)
        {
            logger.LogWarning("Could not tell the other instances that {Topic} changed: Redis is not connected (told when it is back)", topic);
            return false;
        }

        try
        {
            await subscriber.PublishAsync(_channel, $"{_instance}|{topic}").WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not tell the other instances that {Topic} changed (told when Redis answers again)", topic);
            return false;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (redis.Enabled)
        {
            _channel = RedisChannel.Literal(redis.KeyPrefix + "changes");
            redis.Disconnected += (sender, e) => Interlocked.Increment(ref _epoch);
            redis.Reconnected += (sender, e) => _ = ConfirmAsync(Interlocked.Increment(ref _epoch));
            _ = SubscribeAsync();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>The host may dispose its services before it stops them (a failed start, a test host): either ends the loops.</summary>
    public void Dispose() => Stop();

    private void Stop()
    {
        lock (_stopping)
        {
            if (!_stopped)
            {
                _stopped = true;
                _stopping.Cancel();
            }
        }
    }

    private async Task SubscribeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await redis.ConnectionAsync.WaitAsync(_stopping.Token);
                var subscriber = multiplexer.GetSubscriber();
                await subscriber.SubscribeAsync(_channel, (channel, message) => OnMessage(message));
                _subscriber = subscriber;
                await ConfirmAsync(Interlocked.Read(ref _epoch));
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis down at start: StackExchange.Redis restores subscriptions it made, not ones that failed.
                logger.LogWarning(ex, "Could not subscribe to {Channel}; this instance caches nothing in process until it can", _channel);
                await Task.Delay(TimeSpan.FromSeconds(5), _stopping.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Publishes a probe for <paramref name="epoch"/> until it comes back (the subscription is live) or a newer epoch begins.</summary>
    private async Task ConfirmAsync(long epoch)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested && Interlocked.Read(ref _epoch) == epoch && Interlocked.Read(ref _confirmed) != epoch)
        {
            if (_subscriber is { } subscriber && redis.IsConnected)
            {
                try
                {
                    await subscriber.PublishAsync(_channel, $"{_instance}|{Probe}{epoch}");
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    logger.LogDebug(ex, "The subscription probe could not be published yet");
                }
            }

            try
            {
                await Task.Delay(delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
        }
    }

    /// <summary>The probe came back: first forget everything (whatever was published while the subscription was away was missed), then trust the channel again.</summary>
    private async Task ConfirmedAsync(long epoch)
    {
        foreach (var topic in _handlers.Keys)
        {
            await RaiseAsync(topic);
        }

        if (Interlocked.Read(ref _epoch) == epoch)
        {
            Interlocked.Exchange(ref _confirmed, epoch);
        }

        await PublishUnsentAsync();
    }

    private void OnMessage(RedisValue message)
    {
        var text = (string?)message;
        var bar = text?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (text is null || bar <= 0)
        {
            return;
        }

        var fromHere = text.AsSpan(0, bar).SequenceEqual(_instance);
        var topic = text[(bar + 1)..];
        if (topic.StartsWith(Probe, StringComparison.Ordinal))
        {
            if (fromHere && long.TryParse(topic.AsSpan(Probe.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var epoch)
                && epoch == Interlocked.Read(ref _epoch) && Interlocked.Read(ref _confirmed) != epoch)
            {
                _ = ConfirmedAsync(epoch);
            }
        }
        else if (!fromHere)
        {
            _ = RaiseAsync(topic);
        }
    }

    private async Task RaiseAsync(string topic)
    {
        if (!_handlers.TryGetValue(topic, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers)
        {
            try
            {
                await handler();
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A handler of {Topic} changes failed", topic);
            }
        }
    }
}
