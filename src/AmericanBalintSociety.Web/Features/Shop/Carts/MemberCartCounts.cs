using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>
/// The header's cart count of signed-in members, kept in memory for up to a minute: a member's cart follows their
/// account, so without this every page a member views asks the database. Every change to any cart (<see cref="CartService"/>,
/// an order taking its lines) says so through <see cref="SiteChanges"/>, which empties this memory on every instance at
/// once; an instance that cannot hear changes (Redis away) asks the database every time.
/// </summary>
public sealed class MemberCartCounts : IDisposable
{
    public const string Topic = "carts";

    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    private readonly SiteChanges _changes;
    private readonly MemoryCache _counts = new(new MemoryCacheOptions { SizeLimit = 20_000 });
    private CancellationTokenSource _changed = new();

    public MemberCartCounts(SiteChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        _changes = changes;
        changes.Subscribe(Topic, ForgetAsync);
    }

    /// <summary>The member's count from memory, or from <paramref name="count"/> (kept unless a cart changed meanwhile).</summary>
    public async Task<int> GetAsync(string userId, Func<Task<int>> count)
    {
        ArgumentNullException.ThrowIfNull(count);
        var reliable = _changes.Reliable;
        if (reliable && _counts.TryGetValue(userId, out int cached))
        {
            return cached;
        }

        var changed = _changed.Token;
        var value = await count();
        if (reliable && !changed.IsCancellationRequested)
        {
            using var entry = _counts.CreateEntry(userId);
            entry.Value = value;
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = KeepFor;
            entry.AddExpirationToken(new CancellationChangeToken(changed));
        }

        return value;
    }

    /// <summary>Call after any change to a cart: every instance forgets the counts it holds.</summary>
    public Task CartsChangedAsync(CancellationToken cancellationToken) => _changes.PublishAsync(Topic, cancellationToken);

    public void Dispose()
    {
        _counts.Dispose();
        _changed.Dispose();
    }

    private async Task ForgetAsync()
    {
        var previous = Interlocked.Exchange(ref _changed, new CancellationTokenSource());
        await previous.CancelAsync();
        previous.Dispose();
    }
}
