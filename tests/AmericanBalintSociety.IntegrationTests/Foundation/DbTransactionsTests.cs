using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>All of a transaction's changes are saved, or none, on a real SQLite database.</summary>
public sealed class DbTransactionsTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task RunInTransaction_AnException_SavesNothing_EvenWhatWasSavedInside()
    {
        var trackedAfterwards = -1;
        await Assert.ThrowsAsync<InvalidOperationException>(() => site.WithDbAsync(async db =>
        {
            try
            {
                await db.RunInTransactionAsync<bool>(async () =>
                {
                    db.StripeEvents.Add(new StripeEventRecord { Id = "evt_rolled_back", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
                    await db.SaveChangesAsync();
                    throw new InvalidOperationException("fails after a save");
                }, CancellationToken.None);
            }
            finally
            {
                // What was saved inside the rolled-back transaction must not look saved to the caller.
                trackedAfterwards = db.ChangeTracker.Entries().Count();
            }
        }));

        Assert.Equal(0, trackedAfterwards);

        Assert.False(await site.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Id == "evt_rolled_back")));
    }

    [Fact]
    public async Task RunInTransaction_ARefusedResult_SavesNothing_AndASuccessSavesEverything()
    {
        var refused = await site.WithDbAsync(db => db.RunInTransactionAsync(async () =>
        {
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_refused_inner", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_refused_pending", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            return Result.Failure("refused after a save");
        }, CancellationToken.None));

        var saved = await site.WithDbAsync(db => db.RunInTransactionAsync(async () =>
        {
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_committed_inner", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_committed_pending", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            return Result.Success();
        }, CancellationToken.None));

        Assert.False(refused.Succeeded);
        Assert.True(saved.Succeeded);
        var ids = await site.WithDbAsync(db => db.StripeEvents.Where(e => e.Id.StartsWith("evt_refused") || e.Id.StartsWith("evt_committed")).Select(e => e.Id).ToListAsync());
        Assert.Equal(["evt_committed_inner", "evt_committed_pending"], ids.Order(StringComparer.Ordinal));
    }
}
