using AmericanBalintSociety.Web.Infrastructure.Redis;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>
/// The header's cart count of signed-in members, kept in memory for up to a minute: a member's cart follows their
/// account, so without this every page a member views asks the database. Every change to any cart (<see cref="CartService"/>,
/// an order taking its lines) empties it on every instance at once (<see cref="TopicCache"/>).
/// </summary>
public sealed class MemberCartCounts(SiteChanges changes) : IDisposable
{
    public const string Topic = "carts";

    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(1);

    private readonly TopicCache _counts = new(changes, Topic, sizeLimit: 20_000);

    /// <summary>The member's count from memory, or from <paramref name="count"/> (kept unless a cart changed meanwhile).</summary>
    public async Task<int> GetAsync(string userId, Func<Task<int>> count)
    {
        ArgumentNullException.ThrowIfNull(count);
        return await _counts.GetOrAddAsync(userId, count, _ => KeepFor);
    }

    /// <summary>Call after any change to a cart: every instance forgets the counts it holds.</summary>
    public Task CartsChangedAsync(CancellationToken cancellationToken) => _counts.ChangedAsync(cancellationToken);

    public void Dispose() => _counts.Dispose();
}
