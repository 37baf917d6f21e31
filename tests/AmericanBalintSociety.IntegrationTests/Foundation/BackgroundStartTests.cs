using System.Diagnostics;
using AmericanBalintSociety.IntegrationTests.MailingList;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// The background work (here the outbox, the newsletter sender and a periodic job) begins <c>Jobs:StartDelay</c> after the site answers (the
/// first pages after a start get the CPU), and what was queued meanwhile is done then. The other tests run with no delay.
/// </summary>
public sealed class BackgroundStartTests
{
    [Fact]
    public async Task WorkQueuedAtStart_WaitsForTheStartDelay_ThenIsDone()
    {
        var delay = TimeSpan.FromSeconds(6);
        var sinceStarted = new Stopwatch(); // from the moment the delay begins: the host's ApplicationStarted
        await using var site = new TestSite
        {
            Settings = { ["Jobs:StartDelay"] = "00:00:06" },
            TestServices = services => services.AddSingleton<IHostedService>(provider => new StartedWatch(provider.GetRequiredService<IHostApplicationLifetime>(), sinceStarted)),
        };
        using var client = site.CreateClient(); // the site has started and answers
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendAsync(
                new EmailMessage("early@example.org", "Queued at start", "<p>Hello</p>", "Hello\n") { Category = "test" },
                CancellationToken.None);
        }

        await TestNewsletters.AddConfirmedSubscribersAsync(site, ["reader@example.org"]);
        var newsletter = await TestNewsletters.StartAsync(site, "Sent at start");

        // Without the delay the outbox sends at once, the newsletter's first batch is queued at once, and the hourly jobs
        // take their leases at once.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var leases = await site.WithDbAsync(db => db.JobLeases.Select(l => l.Name).ToListAsync());
        var pending = await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "early@example.org" && m.Status == OutboxStatus.Pending && m.Attempts == 0));
        var newsletterQueued = await site.WithDbAsync(db => db.Newsletters.Where(n => n.Id == newsletter).Select(n => n.QueuedCount).SingleAsync());
        var mailed = site.Mail.To("early@example.org");
        var checkedBy = sinceStarted.Elapsed;
        Assert.True(sinceStarted.IsRunning && checkedBy < delay, $"checked by {checkedBy} after the start, past the delay: the test proves nothing");
        Assert.Empty(mailed);
        Assert.True(pending);
        Assert.Equal(0, newsletterQueued);
        Assert.Empty(leases);

        var mail = await site.Mail.WaitForAsync("early@example.org", TimeSpan.FromSeconds(30));
        Assert.Equal("Queued at start", mail.Subject);
        Assert.Equal("Sent at start", (await site.Mail.WaitForAsync("reader@example.org", TimeSpan.FromSeconds(30))).Subject);
        await Eventually.TrueAsync(() => site.WithDbAsync(db => db.JobLeases.AnyAsync(l => l.Name == "contact.housekeeping")), TimeSpan.FromSeconds(10), "the housekeeping job did not run after the delay");
    }

    /// <summary>Starts <paramref name="watch"/> when the host raises ApplicationStarted, where the start delay begins.</summary>
    private sealed class StartedWatch(IHostApplicationLifetime lifetime, Stopwatch watch) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            lifetime.ApplicationStarted.Register(watch.Start);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Theory]
    [InlineData("-00:00:01")]
    [InlineData("00:10:01")]
    public async Task AStartDelayOutOfRange_StopsTheStart(string delay)
    {
        await using var site = new TestSite { Settings = { ["Jobs:StartDelay"] = delay } };

        var refused = Assert.Throws<OptionsValidationException>(() => site.CreateClient());
        Assert.Contains("StartDelay", refused.Message, StringComparison.Ordinal);
    }
}
