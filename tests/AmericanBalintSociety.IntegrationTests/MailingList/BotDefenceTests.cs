using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.MailingList;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>The checks that need a site of their own: the minimum time on the form and the per-IP rate limit.</summary>
public sealed class BotDefenceTests
{
    [Fact]
    public async Task ASubmissionFasterThanThreeSeconds_SilentlyDoesNothing_AndASlowerOneWorks()
    {
        await using var site = new MailingListSite();
        site.Settings["MailingList:MinimumTimeOnForm"] = "00:00:03";
        var client = site.CreateBrowserClient();
        var hash = SubscriberAddress.Hash("quick@example.org");

        using var quick = await client.SignUpAsync("quick@example.org");
        Assert.Equal("/mailing-list/check-your-inbox", quick.Headers.Location!.OriginalString);
        Assert.False(await site.WithDbAsync(db => db.Subscribers.AnyAsync(s => s.AddressHash == hash)));

        var page = await client.GetDocumentAsync("/mailing-list");
        site.Clock.Advance(TimeSpan.FromSeconds(4));
        using var human = await client.SubmitAsync(page, "form#mailing-list-signup", new Dictionary<string, string> { ["Form.Email"] = "quick@example.org" });
        Assert.True(await site.WithDbAsync(db => db.Subscribers.AnyAsync(s => s.AddressHash == hash)));
    }

    [Fact]
    public async Task PastAFewSignupsAMinute_OneAddressGetsAFriendly429()
    {
        await using var site = new TestSite();
        site.Settings["RateLimiting:SignupsPerMinute"] = "3";
        var client = site.CreateBrowserClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await client.SignUpAsync($"rate{i}@example.org");
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        using var limited = await client.SignUpAsync("rate-limited@example.org");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("Too many requests", (await Html.ParseAsync(limited)).QuerySelector("h1")!.TextContent);
        var hash = SubscriberAddress.Hash("rate-limited@example.org");
        Assert.False(await site.WithDbAsync(db => db.Subscribers.AnyAsync(s => s.AddressHash == hash)));
    }
}
