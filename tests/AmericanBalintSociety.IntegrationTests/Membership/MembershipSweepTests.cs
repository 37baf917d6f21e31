using System.Globalization;
using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// The membership sweep (issue 16): reconciliation recovers what a missed webhook would have brought, reminders and the
/// lapse notice go out once however often it runs, and a lapsed or ending member renews without paying twice.
/// </summary>
public sealed class MembershipSweepTests(MembershipSite site) : IClassFixture<MembershipSite>
{
    private IEnumerable<string> Subjects(string email) => site.Mail.To(email).Select(m => m.Subject ?? "");

    private async Task WaitForMailAsync(string email, string subject) =>
        await Eventually.ValueAsync(() => site.Mail.To(email).FirstOrDefault(m => m.Subject == subject), TimeSpan.FromSeconds(15), $"no mail \"{subject}\" to {email}");

    [Fact]
    public async Task AJoinWhoseWebhookNeverCame_IsSettledByTheReconciliation_AfterAFewMinutes()
    {
        var client = await site.SignedInClientAsync("lost-webhook@example.org", null);
        var sessionId = await MembershipSite.StartJoinAsync(client);
        site.Stripe.CompleteSubscription(sessionId, site.Clock.GetUtcNow(), email: "lost-webhook@example.org");
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "lost-webhook@example.org").Select(u => u.Id).SingleAsync());

        await site.SweepAsync();
        Assert.Null((await site.MembershipOfAsync(userId)).PaidThrough); // too soon: the webhook may still come

        site.Clock.Advance(TimeSpan.FromMinutes(11));
        await site.SweepAsync();

        var membership = await site.MembershipOfAsync(userId);
        Assert.Equal(MembershipStatus.Active, MembershipState.Of(membership, site.Clock.GetUtcNow(), TimeSpan.FromDays(30)));
        Assert.Null(membership.PendingCheckoutSessionId);
        Assert.Single(membership.Payments);
        await WaitForMailAsync("lost-webhook@example.org", "Welcome to the American Balint Society");
    }

    [Fact]
    public async Task ARenewalWhoseInvoicePaidWasMissed_IsFoundByTheReconciliation()
    {
        var (_, userId, _, subscriptionId) = await site.PaidMemberAsync("missed-renewal@example.org");
        var through = (await site.MembershipOfAsync(userId)).PaidThrough!.Value;
        site.Clock.Advance(through - site.Clock.GetUtcNow() + TimeSpan.FromHours(2));
        site.Stripe.Renew(subscriptionId); // charged at Stripe; the webhook is lost

        await site.SweepAsync();

        var membership = await site.MembershipOfAsync(userId);
        Assert.Equal(through.AddYears(1), membership.PaidThrough);
        Assert.Equal(2, membership.Payments.Count);
    }

    [Fact]
    public async Task Reminders_GoOutOnceAt30And7Days_HoweverOftenTheSweepRuns_AndSayTheCardWillBeCharged()
    {
        var (_, userId, _, _) = await site.PaidMemberAsync("reminded@example.org");
        var through = (await site.MembershipOfAsync(userId)).PaidThrough!.Value;

        site.Clock.Advance(through - site.Clock.GetUtcNow() - TimeSpan.FromDays(30) + TimeSpan.FromMinutes(5));
        await site.SweepAsync();
        await site.SweepAsync(); // the next run (or another instance, or the site restarted) finds the notice
        await WaitForMailAsync("reminded@example.org", "Your membership renews in 30 days");
        var mail = site.Mail.To("reminded@example.org").Single(m => m.Subject == "Your membership renews in 30 days");
        Assert.Contains("your card will be charged", mail.TextBody, StringComparison.Ordinal);

        site.Clock.Advance(TimeSpan.FromDays(23));
        await site.SweepAsync();
        await site.SweepAsync();
        await WaitForMailAsync("reminded@example.org", "Your membership renews in 7 days");
        await Task.Delay(500);
        Assert.Single(Subjects("reminded@example.org"), s => s == "Your membership renews in 30 days");
        Assert.Single(Subjects("reminded@example.org"), s => s == "Your membership renews in 7 days");
        Assert.Equal(2, await site.WithDbAsync(db => db.MembershipNotices.CountAsync(n => n.Membership!.UserId == userId)));
    }

    [Fact]
    public async Task WithoutRenewal_TheMemberIsAskedToRenew_GoesIntoGrace_ThenLapsesWithOneNotice_AndRejoins()
    {
        var (client, userId, _, subscriptionId) = await site.PaidMemberAsync("lapses@example.org");
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        using (await client.SubmitAsync(page, "form[action*='handler=Renewal']", new Dictionary<string, string>()))
        {
        }

        var membership = await site.MembershipOfAsync(userId);
        var through = membership.PaidThrough!.Value;
        var customer = membership.StripeCustomerId;
        site.Clock.Advance(through - site.Clock.GetUtcNow() - TimeSpan.FromDays(6));
        await site.SweepAsync();
        await WaitForMailAsync("lapses@example.org", "Your membership ends in 6 days: renew now");

        // The period ends: Stripe ends the subscription. Grace for 30 days, then lapsed, with one notice.
        site.Clock.Advance(TimeSpan.FromDays(7));
        using (await site.DeliverAsync(StripeStandIn.Event("customer.subscription.deleted", site.Stripe.EndSubscription(subscriptionId))))
        {
        }

        client = await site.SignInAgainAsync("lapses@example.org");
        page = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        Assert.Equal("In grace period", page.QuerySelector("#membership-status")!.TextContent);
        site.Clock.Advance(TimeSpan.FromDays(30));
        await site.SweepAsync();
        await site.SweepAsync();
        await WaitForMailAsync("lapses@example.org", "Your membership has lapsed");
        await Task.Delay(500);
        Assert.Single(Subjects("lapses@example.org"), s => s == "Your membership has lapsed");

        client = await site.SignInAgainAsync("lapses@example.org");
        page = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        Assert.Equal("Lapsed", page.QuerySelector("#membership-status")!.TextContent);
        var rejoin = page.QuerySelector("#membership-summary ~ .actions a.button")!;
        Assert.Equal("Rejoin", rejoin.TextContent);

        // Rejoining pays now, as the same Stripe customer, and a new year starts today.
        var confirm = await client.GetDocumentAsync(rejoin.GetAttribute("href")!);
        using var started = await client.SubmitAsync(confirm, "form#join-form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var request = site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal(customer, request.Form["customer"]);
        Assert.False(request.Form.ContainsKey("subscription_data[trial_end]"));
        var rejoinedAt = site.Clock.GetUtcNow();
        var session = site.Stripe.CompleteSubscription(started.Headers.Location!.AbsolutePath.Split('/').Last(), rejoinedAt, email: "lapses@example.org");
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", session)))
        {
        }

        var rejoined = await site.MembershipOfAsync(userId);
        Assert.Equal(rejoinedAt.AddYears(1).ToUnixTimeSeconds(), rejoined.PaidThrough!.Value.ToUnixTimeSeconds());
        Assert.True(rejoined.AutoRenew);
        Assert.Equal(2, rejoined.Payments.Count);
    }

    [Fact]
    public async Task AMemberWhoseSubscriptionEndedEarly_RenewsWithoutPayingTwice_TheCardChargedOnlyAtTheDate()
    {
        var (_, userId, _, subscriptionId) = await site.PaidMemberAsync("renews-early@example.org");
        var through = (await site.MembershipOfAsync(userId)).PaidThrough!.Value;
        site.Clock.Advance(TimeSpan.FromDays(100));
        using (await site.DeliverAsync(StripeStandIn.Event("customer.subscription.deleted", site.Stripe.EndSubscription(subscriptionId))))
        {
        }

        var client = await site.SignInAgainAsync("renews-early@example.org");
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        var renew = page.QuerySelector("#membership-summary ~ .actions a.button")!;
        Assert.Equal("Renew now", renew.TextContent);
        var confirm = await client.GetDocumentAsync(renew.GetAttribute("href")!);
        using var started = await client.SubmitAsync(confirm, "form#join-form", new Dictionary<string, string>());
        var request = site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal(through.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), request.Form["subscription_data[trial_end]"]);

        var session = site.Stripe.CompleteSubscription(started.Headers.Location!.AbsolutePath.Split('/').Last(), site.Clock.GetUtcNow(), email: "renews-early@example.org");
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", session)))
        {
        }

        var renewed = await site.MembershipOfAsync(userId);
        Assert.Equal(through, renewed.PaidThrough);
        Assert.True(renewed.AutoRenew);
        Assert.Single(renewed.Payments); // nothing charged yet

        site.Clock.Advance(through - site.Clock.GetUtcNow());
        using (await site.DeliverAsync(StripeStandIn.Event("invoice.paid", site.Stripe.Renew(session["subscription"]!.GetValue<string>()))))
        {
        }

        var charged = await site.MembershipOfAsync(userId);
        Assert.Equal(through.AddYears(1), charged.PaidThrough);
        Assert.Equal(2, charged.Payments.Count);
    }
}
