using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// The caches in front of the news pages, and the one place that empties them.
/// <list type="bullet">
/// <item>The output cache for anonymous pages: every entry carries the tag <see cref="Tag"/>.</item>
/// <item>A small in-memory data cache of article pages (<see cref="GetOrAddAsync{T}"/>), so a page view that
/// misses the output cache (a signed-in member, a cold cache) still does not go to the database.</item>
/// </list>
/// Both are emptied whenever an article changes, and no entry outlives the next scheduled publication,
/// so a scheduled article appears at its moment even on a cached page.
/// With several instances (Redis configured) the output cache lives in Redis, so its eviction is everyone's, and a
/// change is published through <see cref="SiteChanges"/> so every instance empties its data cache; an instance that
/// cannot hear those (Redis away) reads from the database instead of its data cache.
/// </summary>
public sealed class NewsCache : IDisposable
{
    public const string Tag = "news";
    public const string PolicyName = "news";

    private const string Topic = "news";

    private readonly IOutputCacheStore _store;
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly IOptions<NewsOptions> _options;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly TopicCache _data;
    private readonly IDisposable _subscription;
    private DateTimeOffset? _nextPublication;
    private bool _known;

    public NewsCache(IOutputCacheStore store, IServiceScopeFactory scopes, SiteChanges siteChanges, TimeProvider clock, IOptions<NewsOptions> options)
    {
        ArgumentNullException.ThrowIfNull(siteChanges);
        _store = store;
        _scopes = scopes;
        _clock = clock;
        _options = options;
        _data = new TopicCache(siteChanges, Topic, sizeLimit: 2000);
        _subscription = siteChanges.Subscribe(Topic, () => // here or on another instance
        {
            _known = false;
            return Task.CompletedTask;
        });
    }

    /// <summary>Moves on at every change heard of; a page rendered across a change must not be stored (<see cref="NewsOutputCachePolicy"/>).</summary>
    public long Generation => _data.Generation;

    /// <summary>Call after any change to an article (publish, edit, unpublish, delete).</summary>
    public async Task ArticlesChangedAsync(CancellationToken cancellationToken)
    {
        await _data.ChangedAsync(cancellationToken); // this instance's data cache at once, the others' by Redis
        await _store.EvictByTagAsync(Tag, cancellationToken);
    }

    /// <summary>
    /// A value from the data cache, or made by <paramref name="factory"/> and kept until an article changes or
    /// the next scheduled publication (whichever comes first). A null value is not kept.
    /// </summary>
    public async Task<T?> GetOrAddAsync<T>(string key, Func<CancellationToken, Task<T?>> factory, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!_options.Value.DataCache)
        {
            return await factory(cancellationToken);
        }

        // The moment a scheduled article goes public, everything cached before it is stale.
        if (_known && _nextPublication is { } next && next <= _clock.GetUtcNow())
        {
            await ArticlesChangedAsync(cancellationToken);
        }

        var lifetime = TimeSpan.Zero;
        return await _data.GetOrAddAsync(key, async () =>
        {
            lifetime = await LifetimeAsync(_options.Value.CacheDuration, cancellationToken);
            return await factory(cancellationToken);
        }, _ => lifetime);
    }

    /// <summary>How long a page cached now may be kept; zero when the schedule just passed (after evicting).</summary>
    public async Task<TimeSpan> LifetimeAsync(TimeSpan maximum, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var next = await NextPublicationAsync(cancellationToken);
        if (next is { } moment && moment <= now)
        {
            // A scheduled article has just become public: what is cached predates it.
            await ArticlesChangedAsync(cancellationToken);
            next = await NextPublicationAsync(cancellationToken);
        }

        return next is { } upcoming && upcoming - now < maximum ? upcoming - now : maximum;
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _refresh.Dispose();
        _data.Dispose();
    }

    private async Task<DateTimeOffset?> NextPublicationAsync(CancellationToken cancellationToken)
    {
        if (_known)
        {
            return _nextPublication;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (!_known)
            {
                await using var scope = _scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var now = _clock.GetUtcNow();
                _nextPublication = await db.Articles.AsNoTracking()
                    .Where(a => a.Kind == ArticleKind.Article && a.PublishedAt > now)
                    .OrderBy(a => a.PublishedAt)
                    .Select(a => a.PublishedAt)
                    .FirstOrDefaultAsync(cancellationToken);
                _known = true;
            }

            return _nextPublication;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
