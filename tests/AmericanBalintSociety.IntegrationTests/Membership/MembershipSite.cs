using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// A site whose Stripe is the local stand-in and whose clock the tests move, with dues set on both levels ($150 and $50)
/// and the membership sweep left to the tests.
/// </summary>
public sealed class MembershipSite : ClockedTestSite, IAsyncLifetime
{
    public const long MemberDues = 15000;
    public const long TraineeDues = 5000;

    public StripeStandIn Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        Stripe.Configure(this);
        Settings["Stripe:Timeout"] = "00:00:03";
        Settings["Shop:ReconcileEnabled"] = "false";
        Settings["Membership:SweepEnabled"] = "false"; // the tests run the sweep themselves
        Settings["MailingList:Sending:Enabled"] = "false";
        await WithDbAsync(async db =>
        {
            await db.MembershipLevels.Where(l => l.Name == "Member").ExecuteUpdateAsync(s => s.SetProperty(l => l.AnnualDuesCents, MemberDues));
            await db.MembershipLevels.Where(l => l.Name.StartsWith("Trainee")).ExecuteUpdateAsync(s => s.SetProperty(l => l.AnnualDuesCents, TraineeDues));
        });
    }

    /// <summary>Presses "Join as …" on the membership page and "Continue to payment"; returns the Stripe Checkout Session id.</summary>
    public static async Task<string> StartJoinAsync(HttpClient client, string level = "Member")
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync("/membership");
        var join = page.QuerySelectorAll("a.button[href^='/membership/join/']").Single(a => a.TextContent.StartsWith($"Join as {level}", StringComparison.Ordinal));
        var confirm = await client.GetDocumentAsync(join.GetAttribute("href")!);
        using var started = await client.SubmitAsync(confirm, "form#join-form", new Dictionary<string, string>());
        if (started.StatusCode != HttpStatusCode.SeeOther)
        {
            throw new InvalidOperationException($"Join answered {started.StatusCode}: {await started.Content.ReadAsStringAsync()}");
        }

        return started.Headers.Location!.AbsolutePath.Split('/').Last();
    }

    /// <summary>A signed-in member who joined at the level and paid (the webhook delivered); returns the client and the Stripe ids.</summary>
    public async Task<(HttpClient Client, string UserId, string SessionId, string SubscriptionId)> PaidMemberAsync(string email, string level = "Member")
    {
        var client = await this.SignedInClientAsync(email, null);
        var sessionId = await StartJoinAsync(client, level);
        var session = Stripe.CompleteSubscription(sessionId, Clock.GetUtcNow(), email: email);
        using (var delivered = await this.DeliverAsync(StripeStandIn.Event("checkout.session.completed", session)))
        {
            delivered.EnsureSuccessStatusCode();
        }

        var userId = await WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (client, userId, sessionId, session["subscription"]!.GetValue<string>());
    }

    public Task<SocietyMembership> MembershipOfAsync(string userId) =>
        WithDbAsync(db => db.Memberships.AsNoTracking().Include(m => m.Payments).SingleAsync(m => m.UserId == userId));

    /// <summary>Runs the membership sweep once, as the background service does: reconciliation, then the dated mails.</summary>
    public async Task<int> SweepAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var applied = await scope.ServiceProvider.GetRequiredService<MembershipReconciliation>().RunAsync(CancellationToken.None);
        await using var second = Services.CreateAsyncScope();
        return applied + await second.ServiceProvider.GetRequiredService<MembershipReminders>().RunAsync(CancellationToken.None);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await DisposeAsync();
    }
}
