using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>The lease that lets one of several instances run a background job: over a real SQLite database.</summary>
public sealed class JobLeaseTests
{
    [Fact]
    public async Task OneInstanceTakesTheLease_TheOtherOnlyOnceItHasRunOut()
    {
        await using var site = new ClockedTestSite();
        _ = site.Services; // started
        var a = new SiteInstance();
        var b = new SiteInstance();
        Task<bool> Take(SiteInstance instance) => site.WithDbAsync(db => new JobLeases(db, instance, site.Clock).TryTakeAsync("test.job", TimeSpan.FromMinutes(10), CancellationToken.None));

        Assert.True(await Take(a));   // the first lease: an insert
        Assert.False(await Take(b));  // held
        Assert.True(await Take(a));   // the holder may renew
        site.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.False(await Take(b));  // renewed for ten minutes from the renewal
        site.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await Take(b));   // run out: the other instance takes it
        Assert.False(await Take(a));
        Assert.Equal(b.Id, await site.WithDbAsync(db => Task.FromResult(db.JobLeases.Single(l => l.Name == "test.job").Holder)));
    }

    [Fact]
    public async Task ManyInstancesRacingForAFreeLease_OneWins()
    {
        await using var site = new ClockedTestSite();
        _ = site.Services;
        var instances = Enumerable.Range(0, 8).Select(_ => new SiteInstance()).ToList();
        var results = await Task.WhenAll(instances.Select(instance => Task.Run(async () =>
        {
            await using var scope = site.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            return await new JobLeases(db, instance, site.Clock).TryTakeAsync("race.job", TimeSpan.FromMinutes(10), CancellationToken.None);
        })));
        Assert.Equal(1, results.Count(taken => taken));
    }
}
