using System.Net;
using System.Text.Json.Nodes;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Donations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Donations;

/// <summary>
/// Giving every month (issue 17): a signed-in donor's Stripe subscription with a monthly price, one gift and one
/// receipt per paid invoice whatever order or how often Stripe's news comes, the amount changed and the gift stopped in
/// My account, a missed webhook found by the reconciliation, and the account's deletion stopping the gift first.
/// </summary>
public sealed class MonthlyGiftTests(DonationSite site) : IClassFixture<DonationSite>
{
    private static async Task<HttpResponseMessage> GiveMonthlyAsync(HttpClient client, string amount, string dedication = "None", string name = "")
    {
        var page = await client.GetDocumentAsync("/donate");
        return await client.SubmitAsync(page, "form#donate-form", new Dictionary<string, string>
        {
            ["Frequency"] = "monthly",
            ["Amount"] = amount,
            ["OtherDollars"] = "",
            ["Dedication"] = dedication,
            ["DedicationName"] = name,
            ["Note"] = "",
        });
    }

    /// <summary>A signed-in donor starts a monthly gift and pays at Stripe; returns the client and the paid session.</summary>
    private async Task<(HttpClient Client, JsonObject Session)> MonthlyDonorAsync(string email, string amount = "25", string dedication = "None", string name = "")
    {
        var client = await site.SignedInClientAsync(email, null);
        using var started = await GiveMonthlyAsync(client, amount, dedication, name);
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        return (client, site.Stripe.CompleteSubscription(sessionId, site.Clock.GetUtcNow(), email));
    }

    private Task<GiftPlan> PlanAsync(string sessionId) =>
        site.WithDbAsync(db => db.GiftPlans.AsNoTracking().Include(p => p.Gifts).SingleAsync(p => p.StripeCheckoutSessionId == sessionId));

    private async Task DeliverAsync(string type, JsonObject data)
    {
        using var response = await site.DeliverAsync(StripeStandIn.Event(type, data));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AMonthlyGift_NeedsAnAccount_AndTheFormSaysHowToGetOne()
    {
        var client = site.CreateBrowserClient();
        var form = await client.GetDocumentAsync("/donate?frequency=monthly&amount=100");
        Assert.True(form.QuerySelector("#frequency-monthly")!.HasAttribute("checked"));
        Assert.True(form.QuerySelector("#amount-100")!.HasAttribute("checked"));
        Assert.Equal("/Identity/Account/Login?returnUrl=%2Fdonate%3Ffrequency%3Dmonthly%26amount%3D100", form.QuerySelector("#monthly-hint a")!.GetAttribute("href"));

        var before = site.Stripe.Requests.Count;
        using var refused = await GiveMonthlyAsync(client, "50");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.StartsWith("A monthly gift needs an account", page.QuerySelector("#Frequency-error")!.TextContent, StringComparison.Ordinal);
        Assert.True(page.QuerySelector("#frequency-monthly")!.HasAttribute("checked"));
        Assert.Equal(before, site.Stripe.Requests.Count);
    }

    [Fact]
    public async Task AMonthlyGift_OverTwoMonths_GivesOneGiftAndReceiptPerPayment_ThenChangesAndStops()
    {
        var (client, session) = await MonthlyDonorAsync("monthly-donor@example.org", "50", "InMemoryOf", "Michael Balint");
        var sessionId = session["id"]!.GetValue<string>();
        var request = site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal(("subscription", "month", "5000"),
            (request.Form["mode"], request.Form["line_items[0][price_data][recurring][interval]"], request.Form["line_items[0][price_data][unit_amount]"]));
        var planId = (await PlanAsync(sessionId)).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((planId, planId), (request.Form["metadata[gift_plan_id]"], request.Form["subscription_data[metadata][gift_plan_id]"]));

        // The first month: the session and its invoice, each delivered twice, make one gift and one receipt.
        var firstInvoice = site.Stripe.Invoice(session["invoice"]!.GetValue<string>());
        await DeliverAsync("checkout.session.completed", session);
        await DeliverAsync("invoice.paid", firstInvoice);
        await DeliverAsync("invoice.paid", firstInvoice);
        await DeliverAsync("checkout.session.completed", session);
        var plan = await PlanAsync(sessionId);
        Assert.Equal((GiftPlanStatus.Active, 5000L), (plan.Status, plan.AmountCents));
        var first = Assert.Single(plan.Gifts);
        Assert.Equal((GiftStatus.Paid, 5000L, "Michael Balint", "monthly-donor@example.org"), (first.Status, first.AmountCents, first.DedicationName, first.DonorEmail));
        var receipt = await Eventually.ValueAsync(() => site.Mail.To("monthly-donor@example.org") is [var m, ..] ? m : null, TimeSpan.FromSeconds(15), "no receipt");
        Assert.StartsWith("Your monthly gift to the American Balint Society: receipt for", receipt.Subject, StringComparison.Ordinal);
        Assert.Contains("In memory of Michael Balint", receipt.TextBody, StringComparison.Ordinal);
        Assert.Contains(GiftReceipt.NoGoodsOrServices, receipt.TextBody, StringComparison.Ordinal);

        // A month later Stripe charges again: a second gift with its own receipt; the first month's news replayed changes nothing.
        site.Clock.Advance(TimeSpan.FromDays(31));
        var secondInvoice = site.Stripe.Renew(session["subscription"]!.GetValue<string>());
        await DeliverAsync("invoice.paid", secondInvoice);
        await DeliverAsync("invoice.paid", firstInvoice);
        plan = await PlanAsync(sessionId);
        Assert.Equal([5000L, 5000L], plan.Gifts.OrderBy(g => g.Id).Select(g => g.AmountCents));
        Assert.Equal(2, plan.Gifts.Select(g => g.ReceiptToken).Distinct().Count());
        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To("monthly-donor@example.org").Count == 2), TimeSpan.FromSeconds(15), "no second receipt");

        // My account → Giving: the plan, both gifts; a refused amount keeps what was typed.
        client = await site.SignInAgainAsync("monthly-donor@example.org");
        var giving = await client.GetDocumentAsync("/Identity/Account/Manage/Giving");
        Assert.StartsWith("You give $50.00 every month", giving.QuerySelector("#monthly-summary")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(["Monthly", "Monthly"], giving.QuerySelectorAll("#gifts tbody tr").Select(r => r.Children[2].TextContent));
        using (var refused = await client.SubmitAsync(giving, "form[action*='handler=Amount']", new Dictionary<string, string> { ["Dollars"] = "3" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var again = await Html.ParseAsync(refused);
            Assert.Equal("Enter whole dollars from $5.00 to $10,000.00, e.g. 75.", again.QuerySelector("#Dollars-error")!.TextContent);
            Assert.Equal("3", again.QuerySelector("#Dollars")!.GetAttribute("value"));
        }

        // The amount changed: Stripe is asked for a monthly price of $40 for the same product, and the next month charges it.
        using (await client.SubmitAsync(await client.GetDocumentAsync("/Identity/Account/Manage/Giving"), "form[action*='handler=Amount']",
                   new Dictionary<string, string> { ["Dollars"] = "40" }))
        {
        }

        var change = site.Stripe.Requests.Last(r => r.Method == "POST" && r.Path.StartsWith("/v1/subscriptions/", StringComparison.Ordinal));
        Assert.Equal(("4000", "month", "none"), (change.Form["items[0][price_data][unit_amount]"], change.Form["items[0][price_data][recurring][interval]"], change.Form["proration_behavior"]));
        Assert.Equal(4000L, (await PlanAsync(sessionId)).AmountCents);
        Assert.Contains("$40.00", (await client.GetDocumentAsync("/Identity/Account/Manage/Giving")).QuerySelector("#monthly-summary")!.TextContent, StringComparison.Ordinal);
        site.Clock.Advance(TimeSpan.FromDays(30));
        await DeliverAsync("invoice.paid", site.Stripe.Renew(session["subscription"]!.GetValue<string>()));
        Assert.Equal([5000L, 5000L, 4000L], (await PlanAsync(sessionId)).Gifts.OrderBy(g => g.Id).Select(g => g.AmountCents));

        // A monthly payment refunded at Stripe is marked on its gift.
        var last = (await PlanAsync(sessionId)).Gifts.OrderBy(g => g.Id).Last();
        await DeliverAsync("charge.refunded", StripeStandIn.Charge(last.StripePaymentIntentId!, 4000, 4000));
        Assert.Equal(GiftStatus.Refunded, (await PlanAsync(sessionId)).Gifts.Single(g => g.Id == last.Id).Status);

        // Stopped: cancelled at Stripe now, then here; Stripe's own word afterwards changes nothing.
        client = await site.SignInAgainAsync("monthly-donor@example.org");
        using (await client.SubmitAsync(await client.GetDocumentAsync("/Identity/Account/Manage/Giving"), "form[action*='handler=Stop']", new Dictionary<string, string>()))
        {
        }

        var subscriptionId = session["subscription"]!.GetValue<string>();
        Assert.Equal("canceled", site.Stripe.Subscription(subscriptionId)["status"]!.GetValue<string>());
        await DeliverAsync("customer.subscription.deleted", site.Stripe.Subscription(subscriptionId));
        plan = await PlanAsync(sessionId);
        Assert.Equal(GiftPlanStatus.Cancelled, plan.Status);
        Assert.Equal(3, plan.Gifts.Count);
        var after = await client.GetDocumentAsync("/Identity/Account/Manage/Giving");
        Assert.StartsWith("You have no monthly gift", after.QuerySelector("#monthly-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(3, after.QuerySelectorAll("#gifts tbody tr").Length);
    }

    [Fact]
    public async Task ReorderedAndStaleEvents_NeitherDoubleAGiftNorUndoAChange()
    {
        var (client, session) = await MonthlyDonorAsync("reordered-donor@example.org", "100");
        var sessionId = session["id"]!.GetValue<string>();
        var subscriptionId = session["subscription"]!.GetValue<string>();
        var staleSubscription = site.Stripe.Subscription(subscriptionId);

        // The invoice's news comes before the session's: the invoice's metadata names the plan.
        await DeliverAsync("invoice.paid", site.Stripe.Invoice(session["invoice"]!.GetValue<string>()));
        Assert.Equal(GiftPlanStatus.Active, (await PlanAsync(sessionId)).Status);
        await DeliverAsync("checkout.session.completed", session);
        Assert.Single((await PlanAsync(sessionId)).Gifts);

        // A second monthly gift is refused while one runs.
        using (var second = await GiveMonthlyAsync(client, "50"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
            Assert.StartsWith("You already give $100.00 every month", (await Html.ParseAsync(second)).QuerySelector("#Frequency-error")!.TextContent, StringComparison.Ordinal);
        }

        // The amount is changed; an older copy of the subscription arriving late does not put the old amount back.
        using (await client.SubmitAsync(await client.GetDocumentAsync("/Identity/Account/Manage/Giving"), "form[action*='handler=Amount']",
                   new Dictionary<string, string> { ["Dollars"] = "$1,000" }))
        {
        }

        await DeliverAsync("customer.subscription.updated", staleSubscription);
        Assert.Equal(100_000L, (await PlanAsync(sessionId)).AmountCents);

        // Staff stop it from the donor's page (the donor asked by phone): at Stripe first, then here, audited.
        var admin = await site.SignedInClientAsync("plans-admin@example.org", Web.Features.Membership.Roles.Admin);
        var donor = await admin.GetDocumentAsync("/admin/donations/donor?email=reordered-donor%40example.org");
        Assert.Contains("$1,000.00 a month, running", donor.QuerySelector("#donor-plans")!.TextContent, StringComparison.Ordinal);
        using (await admin.SubmitAsync(donor, "#donor-plans form", new Dictionary<string, string>()))
        {
        }

        Assert.Equal("canceled", site.Stripe.Subscription(subscriptionId)["status"]!.GetValue<string>());
        Assert.Equal(GiftPlanStatus.Cancelled, (await PlanAsync(sessionId)).Status);
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "gift-plan.cancelled")));
    }

    [Fact]
    public async Task MissedWebhooks_AreFoundByTheReconciliation_TheStartAndAMonthsPayment()
    {
        var (_, session) = await MonthlyDonorAsync("unheard-donor@example.org", "25");
        var sessionId = session["id"]!.GetValue<string>();

        Assert.Equal(GiftPlanStatus.Pending, (await PlanAsync(sessionId)).Status);
        await ReconcileAsync(); // too soon: the webhook may still come
        Assert.Equal(GiftPlanStatus.Pending, (await PlanAsync(sessionId)).Status);
        site.Clock.Advance(TimeSpan.FromMinutes(11));
        await ReconcileAsync();
        var plan = await PlanAsync(sessionId);
        Assert.Equal((GiftPlanStatus.Active, 1), (plan.Status, plan.Gifts.Count));

        // The next month's invoice.paid never comes either: some hours after the payment date, Stripe is asked.
        // 32 days: past the next payment date and the hours after it in any month (31 failed on a 1st of a 31-day month).
        site.Clock.Advance(TimeSpan.FromDays(32));
        site.Stripe.Renew(session["subscription"]!.GetValue<string>());
        await ReconcileAsync();
        Assert.Equal(2, (await PlanAsync(sessionId)).Gifts.Count);
        await ReconcileAsync();
        Assert.Equal(2, (await PlanAsync(sessionId)).Gifts.Count);
        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To("unheard-donor@example.org").Count == 2), TimeSpan.FromSeconds(15), "not two receipts");
    }

    [Fact]
    public async Task DeletingTheAccount_StopsTheMonthlyGiftFirst_AndKeepsItsGiftsWithoutThePerson()
    {
        var (client, session) = await MonthlyDonorAsync("leaving-donor@example.org", "250");
        var sessionId = session["id"]!.GetValue<string>();
        var subscriptionId = session["subscription"]!.GetValue<string>();
        await DeliverAsync("checkout.session.completed", session);
        await DeliverAsync("invoice.paid", site.Stripe.Invoice(session["invoice"]!.GetValue<string>()));

        site.Stripe.Outage = TimeSpan.Zero;
        try
        {
            var deletePage = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
            using var refused = await client.SubmitAsync(deletePage, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword });
            Assert.Contains("Your monthly gift could not be stopped", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal((GiftPlanStatus.Active, "leaving-donor@example.org"), ((await PlanAsync(sessionId)).Status, (await PlanAsync(sessionId)).Gifts[0].DonorEmail));
        }
        finally
        {
            site.Stripe.Outage = null;
        }

        var page = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using (var deleted = await client.SubmitAsync(page, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword }))
        {
            Assert.True(deleted.StatusCode == HttpStatusCode.Redirect, (await Html.ParseAsync(deleted)).QuerySelector("main")?.TextContent);
        }

        Assert.Equal("canceled", site.Stripe.Subscription(subscriptionId)["status"]!.GetValue<string>());
        var plan = await PlanAsync(sessionId);
        Assert.Equal((GiftPlanStatus.Cancelled, (string?)null), (plan.Status, plan.UserId));
        var gift = Assert.Single(plan.Gifts);
        Assert.Equal((25000L, (string?)null, (string?)null), (gift.AmountCents, gift.UserId, gift.DonorEmail));
    }

    private async Task ReconcileAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GiftReconciliation>().RunAsync(CancellationToken.None);
    }
}
