using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.UnitTests;

/// <summary>A subscription to the site's changes lasts until it is disposed; the others on the topic stay.</summary>
public sealed class SiteChangesTests
{
    [Fact]
    public async Task ADisposedSubscription_HearsNothingMore_AndTheOthersOnItsTopicStillHear()
    {
        await using var redis = new SiteRedis(Options.Create(new RedisOptions()), NullLogger<SiteRedis>.Instance); // no Redis: this instance only
        using var changes = new SiteChanges(redis, NullLogger<SiteChanges>.Instance);
        var heard = new List<string>();
        var first = changes.Subscribe("news", () => Heard("first"));
        using var second = changes.Subscribe("news", () => Heard("second"));
        using var elsewhere = changes.Subscribe("carts", () => Heard("carts"));

        await changes.PublishAsync("news", CancellationToken.None);
        first.Dispose();
        first.Dispose(); // twice is harmless
        await changes.PublishAsync("news", CancellationToken.None);

        Assert.Equal(["first", "second", "second"], heard);

        Task Heard(string who)
        {
            heard.Add(who);
            return Task.CompletedTask;
        }
    }
}
