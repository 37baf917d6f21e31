using System.Collections.Concurrent;
using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace AmericanBalintSociety.Web.Infrastructure.Redis;

/// <summary>
/// The Redis output-cache store with the site's fallback around it: while Redis is not connected a lookup is a miss
/// (the page is rendered from the database), a store is skipped and nothing waits on Redis's own timeouts. A tag
/// eviction that could not reach Redis is remembered and done when Redis is back, so a page edited during an outage is
/// not served stale from Redis afterwards.
/// </summary>
public sealed class ResilientOutputCacheStore(IOutputCacheStore inner, SiteRedis redis, ILogger<ResilientOutputCacheStore> logger) : IOutputCacheStore
{
    private readonly ConcurrentDictionary<string, byte> _pendingEvictions = new(StringComparer.Ordinal);
    private int _subscribed;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!Ready())
        {
            return null;
        }

        try
        {
            return await inner.GetAsync(key, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Output cache lookup failed; rendering the page instead");
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!Ready())
        {
            return;
        }

        try
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Output cache store failed; the page is served uncached");
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        if (!Ready())
        {
            _pendingEvictions.TryAdd(tag, 0);
            logger.LogWarning("Redis is not connected: the output cache's {Tag} pages will be evicted when it is back", tag);
            return;
        }

        try
        {
            await inner.EvictByTagAsync(tag, cancellationToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _pendingEvictions.TryAdd(tag, 0);
            logger.LogWarning(ex, "Output cache eviction of {Tag} failed; retried when Redis is back", tag);
        }
    }

    private bool Ready()
    {
        if (Interlocked.Exchange(ref _subscribed, 1) == 0)
        {
            redis.Reconnected += (sender, e) => _ = EvictPendingAsync();
        }

        return redis.IsConnected;
    }

    private async Task EvictPendingAsync()
    {
        foreach (var tag in _pendingEvictions.Keys)
        {
            try
            {
                await inner.EvictByTagAsync(tag, CancellationToken.None);
                _pendingEvictions.TryRemove(tag, out _);
                logger.LogInformation("Evicted the output cache's {Tag} pages missed while Redis was away", tag);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning(ex, "Output cache eviction of {Tag} failed again; retried at the next reconnect", tag);
            }
        }
    }
}
