using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AmericanBalintSociety.Web.Infrastructure.Redis;

/// <summary>Degraded (still 200: the site serves without it) while a configured Redis is not connected.</summary>
public sealed class RedisHealthCheck(SiteRedis redis) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!redis.Enabled ? HealthCheckResult.Healthy("Not configured: caches and rate limits are in process")
            : redis.IsConnected ? HealthCheckResult.Healthy("Connected")
            : HealthCheckResult.Degraded("Configured but not connected: pages come from the database and rate limits count per instance"));
}
