using System.Security.Claims;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.MailingList;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>Confirmed subscribers as an import leaves them, and newsletters as staff draft and send them, for the tests that send one.</summary>
internal static class TestNewsletters
{
    public static Task AddConfirmedSubscribersAsync(TestSite site, IEnumerable<string> emails) =>
        site.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.Subscribers.AddRange(emails.Select(email => new Subscriber
            {
                Email = email,
                AddressHash = SubscriberAddress.Hash(email),
                Status = SubscriberStatus.Confirmed,
                Source = SubscriptionSource.Import,
                CreatedAt = now,
                ConfirmedAt = now,
                UnsubscribeToken = SubscriberAddress.NewToken(),
            }));
            await db.SaveChangesAsync();
        });

    /// <summary>A draft saved by <paramref name="staff"/>, body "Hello.".</summary>
    public static async Task<Newsletter> DraftAsync(TestSite site, string subject, string staff = "staff@example.org", Uri? siteBase = null)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var saved = await scope.ServiceProvider.GetRequiredService<NewsletterService>().SaveDraftAsync(
            0, new NewsletterForm { Subject = subject, BodyMarkdown = "Hello." }, Staff(staff), siteBase ?? new Uri("https://localhost/"), CancellationToken.None);
        Assert.Empty(saved!.Errors);
        return saved.Value!;
    }

    /// <summary>A draft saved and sent by <paramref name="staff"/>; its id.</summary>
    public static async Task<int> StartAsync(TestSite site, string subject, string staff = "staff@example.org")
    {
        var draft = await DraftAsync(site, subject, staff);
        await using var scope = site.Services.CreateAsyncScope();
        var started = await scope.ServiceProvider.GetRequiredService<NewsletterService>().StartSendingAsync(draft.Id, draft.Version, Staff(staff), CancellationToken.None);
        Assert.True(started.Succeeded);
        return draft.Id;
    }

    private static ClaimsPrincipal Staff(string name) => new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], "test"));
}
