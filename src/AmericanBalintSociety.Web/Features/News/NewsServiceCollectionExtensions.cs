using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.OutputCaching;

namespace AmericanBalintSociety.Web.Features.News;

public static class NewsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddNews(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddOptions<NewsOptions>().BindConfiguration(NewsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<CoverImageStore>();
        services.AddSingleton<NewsCache>();
        services.AddSingleton<NewsOutputCachePolicy>();
        services.AddScoped<NewsService>();
        services.AddScoped<ArticleAdminService>();
        services.AddSingleton<ReservedAddresses>();
        services.Configure<RouteOptions>(routes => routes.SetParameterPolicy<SlugRouteConstraint>(SlugRouteConstraint.Name));
        services.AddScoped<SitePages>();
        services.AddScoped<ArticleImporter>();
        services.AddScoped<NewsFeed>();

        var provider = builder.Configuration.GetValue($"{DatabaseOptions.SectionName}:Provider", DatabaseProvider.Sqlite);
        if (provider == DatabaseProvider.SqlServer)
        {
            services.AddScoped<IArticleSearch, SqlServerArticleSearch>();
        }
        else
        {
            services.AddScoped<IArticleSearch, SqliteArticleSearch>();
        }

        services.AddOutputCache(cache =>
        {
            cache.SizeLimit = 64 * 1024 * 1024;
            cache.AddPolicy(NewsCache.PolicyName, new LazyPolicy());
        });
        return builder;
    }

    /// <summary>Resolves the news policy from the container on first use (policies are registered before the container exists).</summary>
    private sealed class LazyPolicy : IOutputCachePolicy
    {
        private NewsOutputCachePolicy? _policy;

        private NewsOutputCachePolicy Policy(OutputCacheContext context) =>
            _policy ??= context.HttpContext.RequestServices.GetRequiredService<NewsOutputCachePolicy>(); // a singleton

        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation) => Policy(context).CacheRequestAsync(context, cancellation);

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => Policy(context).ServeFromCacheAsync(context, cancellation);

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => Policy(context).ServeResponseAsync(context, cancellation);
    }
}
