using System.Diagnostics;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// The background work (here the outbox and a periodic job) begins <c>Jobs:StartDelay</c> after the site answers (the
/// first pages after a start get the CPU), and what was queued meanwhile is done then. The other tests run with no delay.
/// </summary>
public sealed class BackgroundStartTests
{
    [Fact]
    public async Task WorkQueuedAtStart_WaitsForTheStartDelay_ThenIsDone()
    {
        var delay = TimeSpan.FromSeconds(6);
        await using var site = new TestSite { Settings = { ["Jobs:StartDelay"] = "00:00:06" } };
        var sinceStart = Stopwatch.StartNew();
        using var client = site.CreateClient(); // the site has started and answers
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendAsync(
                new EmailMessage("early@example.org", "Queued at start", "<p>Hello</p>", "Hello\n") { Category = "test" },
                CancellationToken.None);
        }

        // Without the delay the outbox sends at once and the hourly jobs take their leases at once.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var checkedAt = sinceStart.Elapsed;
        var leases = await site.WithDbAsync(db => db.JobLeases.Select(l => l.Name).ToListAsync());
        var pending = await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "early@example.org" && m.Status == OutboxStatus.Pending && m.Attempts == 0));
        Assert.True(checkedAt < delay, $"checked {checkedAt} after the start, after the delay: the test proves nothing");
        Assert.Empty(site.Mail.To("early@example.org"));
        Assert.True(pending);
        Assert.Empty(leases);

        var mail = await site.Mail.WaitForAsync("early@example.org", TimeSpan.FromSeconds(30));
        Assert.Equal("Queued at start", mail.Subject);
        await Eventually.TrueAsync(() => site.WithDbAsync(db => db.JobLeases.AnyAsync(l => l.Name == "contact.housekeeping")), TimeSpan.FromSeconds(10), "the housekeeping job did not run after the delay");
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
