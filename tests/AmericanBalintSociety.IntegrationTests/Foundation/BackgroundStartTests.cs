using System.Diagnostics;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// The background work begins <c>Jobs:StartDelay</c> after the site answers (the first pages after a start get the
/// CPU), and what was queued meanwhile is done then. The other tests run with no delay.
/// </summary>
public sealed class BackgroundStartTests
{
    [Fact]
    public async Task MailQueuedAtStart_WaitsForTheStartDelay_ThenGoesOut()
    {
        await using var site = new TestSite { Settings = { ["Jobs:StartDelay"] = "00:00:03" } };
        using var client = site.CreateClient(); // the site has started and answers
        var sinceStart = Stopwatch.StartNew();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendAsync(
                new EmailMessage("early@example.org", "Queued at start", "<p>Hello</p>", "Hello\n") { Category = "test" },
                CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(site.Mail.To("early@example.org"));
        Assert.True(await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "early@example.org" && m.Status == OutboxStatus.Pending && m.Attempts == 0)));

        var mail = await site.Mail.WaitForAsync("early@example.org", TimeSpan.FromSeconds(20));
        Assert.Equal("Queued at start", mail.Subject);
        Assert.True(sinceStart.Elapsed >= TimeSpan.FromSeconds(2), $"sent {sinceStart.Elapsed} after the start, before the delay was over");
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
