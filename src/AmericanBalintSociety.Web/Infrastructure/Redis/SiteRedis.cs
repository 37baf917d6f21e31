using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AmericanBalintSociety.Web.Infrastructure.Redis;

/// <summary>
/// The site's one connection to Redis (a <see cref="ConnectionMultiplexer"/> is meant to be shared), made in the
/// background at start so a Redis that is down or slow never holds the site up: until it answers, and whenever it
/// stops answering, <see cref="IsConnected"/> is false and every user of Redis falls back (the caches to the database,
/// the rate limits to this process's counters). StackExchange.Redis reconnects by itself; <see cref="Reconnected"/>
/// tells those who may have missed something while it was away.
/// </summary>
public sealed class SiteRedis(IOptions<RedisOptions> options, ILogger<SiteRedis> logger) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<IConnectionMultiplexer> _connection = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ConnectionMultiplexer? _multiplexer;
    private int _started;

    /// <summary>Raised when the connection comes back after a failure (not on the first connect).</summary>
    public event EventHandler? Reconnected;

    /// <summary>Raised when a connection to Redis fails.</summary>
    public event EventHandler? Disconnected;

    public bool Enabled => options.Value.Enabled;

    public string KeyPrefix => options.Value.KeyPrefix;

    /// <summary>Whether Redis is configured and answering now.</summary>
    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>The multiplexer once made (it may be disconnected); never completes when Redis is not configured.</summary>
    public Task<IConnectionMultiplexer> ConnectionAsync
    {
        get
        {
            Start();
            return _connection.Task;
        }
    }

    /// <summary>The multiplexer if it has been made, else null.</summary>
    public IConnectionMultiplexer? Multiplexer => _multiplexer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is { } multiplexer)
        {
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }
    }

    private void Start()
    {
        if (!Enabled || Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }

        _ = Task.Run(ConnectAsync);
    }

    private async Task ConnectAsync()
    {
        try
        {
            var configuration = ConfigurationOptions.Parse(options.Value.Configuration!);
            configuration.AbortOnConnectFail = false; // down at start: keep trying in the background, never throw
            configuration.ClientName ??= $"abs-{Environment.MachineName}-{Environment.ProcessId}";
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
            multiplexer.ConnectionFailed += (_, e) =>
            {
                logger.LogWarning(e.Exception,
                    "Redis connection lost ({FailureType} at {Endpoint}); caches fall back to the database and rate limits to this instance until it is back",
                    e.FailureType, e.EndPoint);
                Disconnected?.Invoke(this, EventArgs.Empty);
            };
            multiplexer.ConnectionRestored += (_, e) =>
            {
                logger.LogInformation("Redis connection restored ({Endpoint})", e.EndPoint);
                Reconnected?.Invoke(this, EventArgs.Empty);
            };
            _multiplexer = multiplexer;
            if (!multiplexer.IsConnected)
            {
                logger.LogWarning("Redis is configured but not answering; the site serves without it (caches from the database, rate limits per instance) and keeps trying");
            }

            _connection.TrySetResult(multiplexer);
        }
        catch (Exception ex)
        {
            // A configuration string that does not parse: said at start by validation; anything else ends here.
            logger.LogError(ex, "Could not set up the Redis connection; the site serves without Redis");
        }
    }
}
