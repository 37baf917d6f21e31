namespace AmericanBalintSociety.Web.Infrastructure.Redis;

/// <summary>
/// Settings under <c>Redis</c>. Unset (the default), every cache and rate-limit counter lives in the process, as one
/// instance needs. Set when several instances serve the site behind a load balancer: the output cache, the article-data
/// cache's invalidation and the per-address rate limits are then shared through this Redis (docs/operations.md).
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration string, e.g. <c>redis.internal:6379,password=…,ssl=true</c>; empty = no Redis.
    /// A secret when it holds a password: set it in the environment (<c>Redis__Configuration</c>), never in a file here.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key and channel the site uses, so one Redis can serve several sites (or a staging copy).</summary>
    public string KeyPrefix { get; set; } = "abs:";

    public bool Enabled => !string.IsNullOrWhiteSpace(Configuration);
}
