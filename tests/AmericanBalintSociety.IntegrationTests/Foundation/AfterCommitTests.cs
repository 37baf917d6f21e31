using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// Work that tells others about a write (the other instances' caches, the outbox's dispatcher) runs once the write is
/// visible to them, on the site's own pooled contexts over a real SQLite database: after the commit, never after a
/// rollback, and never in a later transaction of the same reused context.
/// </summary>
public sealed class AfterCommitTests(AfterCommitTests.Site site) : IClassFixture<AfterCommitTests.Site>
{
    public sealed class Site : TestSite
    {
        public Site() => TestServices = services => services.AddSingleton<ILoggerProvider>(Log);

        public LogCapture Log { get; } = new();
    }

    private AfterCommit AfterCommit => site.Services.GetRequiredService<AfterCommit>();

    [Fact]
    public async Task WorkAskedForInATransaction_RunsOnlyOnceItCommits_AndSeesWhatWasCommitted()
    {
        var ranBeforeTheCommit = false;
        var seenByAnotherContext = new List<int>();
        await site.WithDbAsync(db => db.RunInTransactionAsync(async () =>
        {
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_after_commit_seen", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await AfterCommit.RunAsync(db, "test work", async () => seenByAnotherContext.Add(
                await site.WithDbAsync(other => other.StripeEvents.CountAsync(e => e.Id == "evt_after_commit_seen"))));
            ranBeforeTheCommit = seenByAnotherContext.Count > 0;
            return true;
        }, CancellationToken.None));

        Assert.False(ranBeforeTheCommit);
        Assert.Equal([1], seenByAnotherContext); // once, and the row was there for everyone else
    }

    [Fact]
    public async Task WorkOfARefusedOrFailedTransaction_NeverRuns_NotEvenWhenTheSameContextCommitsLater()
    {
        var ran = new List<string>();
        await site.WithDbAsync(async db =>
        {
            await db.RunInTransactionAsync(async () =>
            {
                await AfterCommit.RunAsync(db, "test work", () => Ran("refused"));
                return Result.Failure("refused");
            }, CancellationToken.None);

            await Assert.ThrowsAsync<InvalidOperationException>(() => db.RunInTransactionAsync<bool>(async () =>
            {
                await AfterCommit.RunAsync(db, "test work", () => Ran("thrown"));
                throw new InvalidOperationException("fails inside the transaction");
            }, CancellationToken.None));

            await db.RunInTransactionAsync(async () =>
            {
                await AfterCommit.RunAsync(db, "test work", () => Ran("committed"));
                return true;
            }, CancellationToken.None);
        });

        Assert.Equal(["committed"], ran);

        Task Ran(string which)
        {
            ran.Add(which);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task WithNoTransactionOpen_TheWorkRunsAtOnce()
    {
        var ran = false;
        await site.WithDbAsync(db => AfterCommit.RunAsync(db, "test work", () =>
        {
            ran = true;
            return Task.CompletedTask;
        }));

        Assert.True(ran);
    }

    [Fact]
    public async Task AFailingWork_IsLogged_AndNeitherUndoesTheCommitNorStopsTheWorkAfterIt()
    {
        var laterRan = false;
        var committed = await site.WithDbAsync(db => db.RunInTransactionAsync(async () =>
        {
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_after_commit_failing", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            await AfterCommit.RunAsync(db, "telling the other instances", () => throw new InvalidOperationException("Redis is down"));
            await AfterCommit.RunAsync(db, "test work", () =>
            {
                laterRan = true;
                return Task.CompletedTask;
            });
            return true;
        }, CancellationToken.None));

        Assert.True(committed);
        Assert.True(laterRan);
        Assert.True(await site.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Id == "evt_after_commit_failing")));
        var warning = Assert.Single(site.Log.Entries, e => e.Category == typeof(AfterCommit).FullName);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Saved, but telling the other instances failed afterwards; what it tells arrives late", warning.Message);
    }
}
