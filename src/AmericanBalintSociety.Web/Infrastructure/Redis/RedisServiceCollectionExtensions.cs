using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace AmericanBalintSociety.Web.Infrastructure.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The Redis connection, the change broadcast and, when <c>Redis:Configuration</c> is set, the output cache in Redis
    /// (<see cref="ResilientOutputCacheStore"/> around Microsoft's store). Unset, only the in-process parts are registered.
    /// </summary>
    public static IHostApplicationBuilder AddSiteRedis(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName)
            .Validate(o => !o.Enabled || Parses(o.Configuration!), "Redis:Configuration is not a StackExchange.Redis configuration string (e.g. redis.internal:6379,password=…).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.KeyPrefix), "Redis:KeyPrefix must not be empty.")
            .ValidateOnStart();
        services.AddSingleton<SiteRedis>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteRedis>());
        services.AddSingleton<SiteChanges>();
        services.AddHostedService(sp => sp.GetRequiredService<SiteChanges>());
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis");

        var options = builder.Configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new();
        if (options.Enabled)
        {
            services.AddStackExchangeRedisOutputCache(redis => redis.InstanceName = options.KeyPrefix + "output:");
            services.AddOptions<Microsoft.AspNetCore.OutputCaching.StackExchangeRedis.RedisOutputCacheOptions>()
                .Configure<SiteRedis>((redis, site) => redis.ConnectionMultiplexerFactory = () => site.ConnectionAsync); // the site's one connection
            var store = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
            services.Remove(store);
            services.AddSingleton<IOutputCacheStore>(sp => new ResilientOutputCacheStore(
                (IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, store.ImplementationType!), sp.GetRequiredService<SiteRedis>(), sp.GetRequiredService<ILogger<ResilientOutputCacheStore>>()));
        }

        return builder;
    }

    private static bool Parses(string configuration)
    {
        try
        {
            ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
