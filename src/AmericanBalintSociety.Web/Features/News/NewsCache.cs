using AmericanBalintSociety.Web.Data;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

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
/// </summary>
public sealed class NewsCache(IOutputCacheStore store, IServiceScopeFactory scopes, TimeProvider clock, IOptions<NewsOptions> options) : IDisposable
{
    public const string Tag = "news";
    public const string PolicyName = "news";

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly MemoryCache _data = new(new MemoryCacheOptions { SizeLimit = 2000 });
    private CancellationTokenSource _changes = new();
    private DateTimeOffset? _nextPublication;
    private bool _known;

    /// <summary>Call after any change to an article (publish, edit, unpublish, delete).</summary>
    public async Task ArticlesChangedAsync(CancellationToken cancellationToken)
    {
        _known = false;
        var previous = Interlocked.Exchange(ref _changes, new CancellationTokenSource());
        await previous.CancelAsync();
        previous.Dispose();
        await store.EvictByTagAsync(Tag, cancellationToken);
    }

    /// <summary>
    /// A value from the data cache, or made by <paramref name="factory"/> and kept until an article changes or
    /// the next scheduled publication (whichever comes first). A null value is not kept.
    /// </summary>
    public async Task<T?> GetOrAddAsync<T>(string key, Func<CancellationToken, Task<T?>> factory, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (!options.Value.DataCache)
        {
            return await factory(cancellationToken);
        }

        // The moment a scheduled article goes public, everything cached before it is stale.
        if (_known && _nextPublication is { } next && next <= clock.GetUtcNow())
        {
            await ArticlesChangedAsync(cancellationToken);
        }

        if (_data.TryGetValue(key, out T? cached) && cached is not null)
        {
            return cached;
        }

        var changes = _changes.Token;
        var lifetime = await LifetimeAsync(options.Value.CacheDuration, cancellationToken);
        var value = await factory(cancellationToken);
        if (value is not null && lifetime > TimeSpan.Zero && !changes.IsCancellationRequested)
        {
            using var entry = _data.CreateEntry(key);
            entry.Value = value;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = lifetime;
            entry.AddExpirationToken(new CancellationChangeToken(changes));
        }

        return value;
    }

    /// <summary>How long a page cached now may be kept; zero when the schedule just passed (after evicting).</summary>
    public async Task<TimeSpan> LifetimeAsync(TimeSpan maximum, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
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
        _refresh.Dispose();
        _data.Dispose();
        _changes.Dispose();
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
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var now = clock.GetUtcNow();
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
