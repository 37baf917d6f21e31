using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace AmericanBalintSociety.Web.Infrastructure.Redis;

/// <summary>
/// One partition's limiter (one policy, one client address) counted in Redis while Redis answers, so the limit holds
/// across every instance; counted in this process while it does not, so a Redis outage neither opens the forms to bots
/// nor shuts them to people. The Redis side is RedisRateLimiting's fixed window (a Lua script that increments the
/// window's counter and sets its expiry atomically), the same algorithm as the in-process
/// <see cref="FixedWindowRateLimiter"/>: a limit means the same with or without Redis.
/// </summary>
public sealed class SharedRateLimiter : RateLimiter
{
    private readonly RedisFixedWindowRateLimiter<string> _shared;
    private readonly FixedWindowRateLimiter _local;
    private readonly SiteRedis _redis;
    private readonly ILogger _logger;

    public SharedRateLimiter(string key, int permitsPerWindow, TimeSpan window, SiteRedis redis, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _redis = redis;
        _logger = logger;
        _shared = new RedisFixedWindowRateLimiter<string>(redis.KeyPrefix + key, new RedisFixedWindowRateLimiterOptions
        {
            PermitLimit = permitsPerWindow,
            Window = window,
            ConnectionMultiplexerFactory = () => redis.Multiplexer ?? throw new InvalidOperationException("Redis is not connected yet"),
        });
        _local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions { PermitLimit = permitsPerWindow, Window = window, QueueLimit = 0 });
    }

    public override TimeSpan? IdleDuration => _local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    /// <summary>Without Redis, the local answer; with it, "not at once" so the caller asks <see cref="AcquireAsyncCore"/>, which goes to Redis.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        _redis.IsConnected ? NotAtOnce.Instance : _local.AttemptAcquire(permitCount);

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (_redis.IsConnected)
        {
            try
            {
                return await _shared.AcquireAsync(permitCount, cancellationToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or InvalidOperationException)
            {
                _logger.LogWarning(ex, "The shared rate limit could not be read from Redis; counting in this instance");
            }
        }

        return await _local.AcquireAsync(permitCount, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _shared.Dispose();
            _local.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class NotAtOnce : RateLimitLease
    {
        public static readonly NotAtOnce Instance = new();

        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
