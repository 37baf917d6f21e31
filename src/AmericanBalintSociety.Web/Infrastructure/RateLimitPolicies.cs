using System.Threading.RateLimiting;
using AmericanBalintSociety.Web.Infrastructure.Redis;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>The named rate-limit policies features attach to their endpoints.</summary>
public static class RateLimitPolicies
{
    /// <summary>Public forms a bot would abuse: partitioned by client IP, a fixed window of one minute.</summary>
    public const string Forms = "forms";

    /// <summary>The mailing-list signup form: posts only, partitioned by client IP, a fixed window of one minute.</summary>
    public const string Signup = "signup";

    /// <summary>Site search: every request counts, partitioned by client IP, a fixed window of one minute.</summary>
    public const string Search = "search";

    public static IServiceCollection AddSiteRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(RateLimitingOptions.SectionName).Get<RateLimitingOptions>() ?? new();

        services.AddRateLimiter(limiter =>
        {
            // 429 with an empty body: the status-code page renders the friendly "slow down" page.
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return ValueTask.CompletedTask;
            };
            limiter.AddPolicy(Forms, context => PostsPerMinute(context, Forms, options.FormPostsPerMinute));
            limiter.AddPolicy(Signup, context => PostsPerMinute(context, Signup, options.SignupsPerMinute));
            limiter.AddPolicy(Search, context => PerMinute(context, Search, options.SearchesPerMinute));
        });
        return services;
    }

    private static RateLimitPartition<string> PostsPerMinute(HttpContext context, string policy, int limit)
    {
        // Only posts count: showing a form is free, submitting it is limited.
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("read");
        }

        return PerMinute(context, policy, limit);
    }

    /// <summary>
    /// A fixed window of one minute per client address: in this process, or, with Redis configured, counted in Redis
    /// across every instance (<see cref="SharedRateLimiter"/>, which falls back to this process while Redis is away).
    /// </summary>
    private static RateLimitPartition<string> PerMinute(HttpContext context, string policy, int limit)
    {
        var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var redis = context.RequestServices.GetRequiredService<SiteRedis>();
        if (!redis.Enabled)
        {
            return RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
        }

        return RateLimitPartition.Get(ip, key => new SharedRateLimiter($"rate:{policy}:{key}", limit, TimeSpan.FromMinutes(1), redis,
            context.RequestServices.GetRequiredService<ILogger<SharedRateLimiter>>()));
    }
}
