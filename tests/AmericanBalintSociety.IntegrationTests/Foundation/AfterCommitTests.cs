using System.Data.Common;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
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
        public Site() => TestServices = services =>
        {
            services.AddSingleton<ILoggerProvider>(Log);
            services.AddSingleton<IInterceptor, RefusedSavepoint>();
        };

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

    /// <summary>A savepoint that fails leaves the transaction open: what it will commit is still to be told.</summary>
    [Fact]
    public async Task AFailedSavepoint_KeepsTheWork_ForTheCommitThatFollows()
    {
        var ran = 0;
        var committed = await site.WithDbAsync(db => db.RunInTransactionAsync(async () =>
        {
            db.StripeEvents.Add(new StripeEventRecord { Id = "evt_after_commit_savepoint", Type = "test", ReceivedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
            await AfterCommit.RunAsync(db, "test work", () =>
            {
                ran++;
                return Task.CompletedTask;
            });
            await Assert.ThrowsAsync<InvalidOperationException>(() => RefusedSavepoint.Refuse(() => db.Database.CurrentTransaction!.CreateSavepointAsync("refused")));
            return true;
        }, CancellationToken.None));

        Assert.True(committed);
        Assert.Equal(1, ran);
        Assert.True(await site.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Id == "evt_after_commit_savepoint")));
    }

    /// <summary>Refuses the savepoints asked for while <see cref="Refuse"/> runs (in its async flow only), as a database that cannot make one would.</summary>
    private sealed class RefusedSavepoint : DbTransactionInterceptor
    {
        private static readonly AsyncLocal<bool> Refusing = new();

        public static async Task Refuse(Func<Task> action)
        {
            Refusing.Value = true;
            try
            {
                await action();
            }
            finally
            {
                Refusing.Value = false;
            }
        }

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(
            DbTransaction transaction, TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default) =>
            Refusing.Value ? throw new InvalidOperationException("savepoint refused") : ValueTask.FromResult(result);
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
