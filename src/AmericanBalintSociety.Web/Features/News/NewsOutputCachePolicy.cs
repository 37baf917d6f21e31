using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>Caches GET/HEAD news pages for anonymous visitors without a cart only; never a response that sets a cookie.</summary>
public sealed class NewsOutputCachePolicy(NewsCache cache, IHeaderCartCount cartCount, IOptions<NewsOptions> options) : IOutputCachePolicy
{
    private static readonly object GenerationKey = new();

    public async ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        var cacheable = options.Value.OutputCache
            && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && context.HttpContext.User.Identity?.IsAuthenticated != true
            && !request.Headers.ContainsKey("Authorization")
            && !cartCount.MayHaveCart(context.HttpContext); // the header shows this visitor's cart

        context.EnableOutputCaching = cacheable;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        if (!cacheable)
        {
            return;
        }

        var lifetime = await cache.LifetimeAsync(options.Value.CacheDuration, cancellation);
        if (lifetime <= TimeSpan.Zero)
        {
            context.AllowCacheStorage = false;
            return;
        }

        context.HttpContext.Items[GenerationKey] = cache.Generation;
        context.ResponseExpirationTimeSpan = lifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        context.Tags.Add(NewsCache.Tag);
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        // An article changed while this page was rendered (here or on another instance): it may show the old one, and
        // the eviction has already run, so storing it would serve it stale until it expires.
        var renderedAcrossChange = context.HttpContext.Items.TryGetValue(GenerationKey, out var generation) && generation is long started && started != cache.Generation;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0 || renderedAcrossChange)
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
