using System.Globalization;
using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// Staff's side of membership (issue 16): the list's filters and CSV export, an offline payment, cancelling a card
/// renewal, refunding the last payment through Stripe, notes, and the dashboard's figures; every change audited.
/// </summary>
public sealed class StaffMembershipTests(MembershipSite site) : IClassFixture<MembershipSite>
{
    private async Task<HttpClient> AdminAsync(string name) => await site.SignedInClientAsync($"{name}@example.org", Roles.Admin);

    private Task<string> UserIdAsync(string email) => site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private Task<List<string>> AuditAsync(string userId) =>
        site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == $"user:{userId}").Select(e => e.Action).ToListAsync());

    private static string LevelValue(IDocument page, string name) =>
        page.QuerySelectorAll("#offline-level option").Single(o => o.TextContent == name).GetAttribute("value")!;

    private static string Message(IDocument page) => page.QuerySelector("main [role=status], main [role=alert]")!.TextContent.Trim();

    [Fact]
    public async Task AnAdmin_RecordsACheque_WhichStartsAYearAndMailsAReceipt_AndABadAmountComesBackAsTyped()
    {
        await site.AddMemberAsync("pays-by-cheque@example.org");
        var userId = await UserIdAsync("pays-by-cheque@example.org");
        var admin = await AdminAsync("cheque-admin");
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        var member = LevelValue(page, "Member");

        using (var refused = await admin.SubmitAsync(page, "form#offline-payment", new Dictionary<string, string> { ["levelId"] = member, ["amount"] = "a hundred", ["receivedOn"] = "2026-11-02", ["note"] = "cheque 1042" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var again = await Html.ParseAsync(refused);
            Assert.Equal("Enter the amount received in dollars, e.g. 150.00.", again.QuerySelector("#offline-amount-error")!.TextContent);
            Assert.Equal("a hundred", again.QuerySelector("#offline-amount")!.GetAttribute("value"));
            Assert.Equal("cheque 1042", again.QuerySelector("#offline-note")!.GetAttribute("value"));
        }

        var received = DateOnly.FromDateTime(site.Clock.GetUtcNow().UtcDateTime.AddDays(-3));
        using (var recorded = await admin.SubmitAsync(page, "form#offline-payment", new Dictionary<string, string>
        {
            ["levelId"] = member,
            ["amount"] = "150.00",
            ["receivedOn"] = received.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["note"] = "cheque 1042",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        }

        var membership = await site.MembershipOfAsync(userId);
        var payment = Assert.Single(membership.Payments);
        Assert.Equal((15000, "cheque 1042"), (payment.AmountCents, payment.Note));
        Assert.Equal(MembershipKind.Paid, membership.Kind);
        Assert.Equal(payment.PeriodStart.AddYears(1), membership.PaidThrough);
        Assert.Equal(received, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(payment.PeriodStart, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime));
        Assert.Contains("membership.offline-payment", await AuditAsync(userId));
        await Eventually.ValueAsync(() => site.Mail.To("pays-by-cheque@example.org").FirstOrDefault(m => m.Subject == "Welcome to the American Balint Society"),
            TimeSpan.FromSeconds(15), "no receipt mail");

        // A second cheque while current adds a year to the date already paid through.
        page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        using (await admin.SubmitAsync(page, "form#offline-payment", new Dictionary<string, string>
        {
            ["levelId"] = member,
            ["amount"] = "150",
            ["receivedOn"] = received.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["note"] = "",
        }))
        {
        }

        Assert.Equal(payment.PeriodStart.AddYears(2), (await site.MembershipOfAsync(userId)).PaidThrough);
    }

    [Fact]
    public async Task ACheque_IsRefusedWhileTheCardRenews_AndCancellingTheRenewalEndsItAtStripe()
    {
        var (_, userId, _, subscriptionId) = await site.PaidMemberAsync("card-and-cheque@example.org");
        var admin = await AdminAsync("cancel-admin");
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        using (var refused = await admin.SubmitAsync(page, "form#offline-payment", new Dictionary<string, string>
        {
            ["levelId"] = LevelValue(page, "Member"),
            ["amount"] = "150",
            ["receivedOn"] = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(site.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["note"] = "",
        }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Contains("Cancel the card renewal first", (await Html.ParseAsync(refused)).QuerySelector("#offline-payment [role=alert]")!.TextContent, StringComparison.Ordinal);
        }

        using (var cancelled = await admin.SubmitAsync(page, "form#cancel-renewal", new Dictionary<string, string>()))
        {
            var after = await admin.GetDocumentAsync(cancelled.Headers.Location!.OriginalString);
            Assert.Equal("The automatic renewal is cancelled at Stripe. The membership runs to the date it is paid through.", Message(after));
        }

        Assert.Equal("canceled", site.Stripe.Subscription(subscriptionId)["status"]!.GetValue<string>());
        var membership = await site.MembershipOfAsync(userId);
        Assert.False(membership.AutoRenew);
        Assert.Null(membership.StripeSubscriptionId);
        Assert.True(membership.PaidThrough > site.Clock.GetUtcNow());
        Assert.Contains("membership.renewal-cancelled", await AuditAsync(userId));
    }

    [Fact]
    public async Task ACheque_IsRefusedEvenWhenTheCardRenewalIsOnlySetToEnd_SinceTurningItBackOnWouldChargeTheSameYear()
    {
        var (member, userId, _, _) = await site.PaidMemberAsync("renewal-off-cheque@example.org");
        var mine = await member.GetDocumentAsync("/Identity/Account/Manage/Membership");
        using (await member.SubmitAsync(mine, "form[action*='handler=Renewal']", new Dictionary<string, string>()))
        {
        }

        var admin = await AdminAsync("renewal-off-admin");
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        using var refused = await admin.SubmitAsync(page, "form#offline-payment", new Dictionary<string, string>
        {
            ["levelId"] = LevelValue(page, "Member"),
            ["amount"] = "150",
            ["receivedOn"] = "2026-11-01",
            ["note"] = "",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Cancel the card renewal first", (await Html.ParseAsync(refused)).QuerySelector("#offline-payment [role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Single((await site.MembershipOfAsync(userId)).Payments);
    }

    [Fact]
    public async Task RefundingTheLastPayment_GoesThroughStripeOnce_AndThePaidThroughDateGoesBack()
    {
        var (_, userId, sessionId, _) = await site.PaidMemberAsync("wants-refund@example.org");
        var invoice = site.Stripe.Invoice(site.Stripe.Session(sessionId)["invoice"]!.GetValue<string>());
        var paymentIntent = invoice["payments"]!["data"]![0]!["payment"]!["payment_intent"]!.GetValue<string>();
        var admin = await AdminAsync("refund-admin");
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");

        using (var first = await admin.SubmitAsync(page, "form#refund-last", new Dictionary<string, string>()))
        {
            var after = await admin.GetDocumentAsync(first.Headers.Location!.OriginalString);
            Assert.Equal("$150.00 was refunded through Stripe. No dues remain paid: the membership is awaiting payment. The card renewal is cancelled.", Message(after));
        }

        using (var twice = await admin.SubmitAsync(page, "form#refund-last", new Dictionary<string, string>()))
        {
            var after = await admin.GetDocumentAsync(twice.Headers.Location!.OriginalString);
            Assert.StartsWith("The last payment ($150.00", Message(after), StringComparison.Ordinal); // the second press refunds nothing
        }

        var refund = Assert.Single(site.Stripe.Requests, r => r.Path == "/v1/refunds" && r.Form.GetValueOrDefault("payment_intent") == paymentIntent);
        Assert.Equal("15000", refund.Form["amount"]);
        var membership = await site.MembershipOfAsync(userId);
        var payment = Assert.Single(membership.Payments);
        Assert.Equal(15000, payment.RefundedCents);
        Assert.NotNull(payment.StripeRefundId);
        Assert.Null(membership.PaidThrough); // the only payment refunded: nothing is paid, the membership awaits payment
        Assert.False(membership.AutoRenew);
        Assert.Contains("membership.refunded", await AuditAsync(userId));
    }

    [Fact]
    public async Task StaffNotes_AreKeptAndAudited()
    {
        await site.AddMemberAsync("noted@example.org");
        var userId = await UserIdAsync("noted@example.org");
        var admin = await AdminAsync("note-admin");
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        using (var added = await admin.SubmitAsync(page, "form#add-note", new Dictionary<string, string> { ["note"] = "Asked for a receipt by post." }))
        {
            var after = await admin.GetDocumentAsync(added.Headers.Location!.OriginalString);
            Assert.Equal("Asked for a receipt by post.", after.QuerySelector(".note-text")!.TextContent);
            Assert.Contains("note-admin@example.org", after.QuerySelector(".notes .meta")!.TextContent, StringComparison.Ordinal);
        }

        Assert.Contains("member.note-added", await AuditAsync(userId));
    }

    [Fact]
    public async Task TheList_FiltersByLevelStatusEndingAndRenewal_TheCsvEscapesFormulas_AndTheDashboardCounts()
    {
        var (_, renewing, _, _) = await site.PaidMemberAsync("list-renewing@example.org");
        var (trainee, traineeId, _, _) = await site.PaidMemberAsync("list-trainee@example.org", "Trainee");
        await site.WithDbAsync(db => db.Users.Where(u => u.Id == traineeId).ExecuteUpdateAsync(s => s.SetProperty(u => u.DisplayName, "=HYPERLINK(\"http://evil.example\")")));
        var page = await trainee.GetDocumentAsync("/Identity/Account/Manage/Membership");
        using (await trainee.SubmitAsync(page, "form[action*='handler=Renewal']", new Dictionary<string, string>()))
        {
        }

        var admin = await AdminAsync("list-admin");
        var list = await admin.GetDocumentAsync("/admin/membership?renewal=off&status=Active");
        var links = list.QuerySelectorAll("#memberships a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains($"/admin/members/{traineeId}", links);
        Assert.DoesNotContain($"/admin/members/{renewing}", links);

        var levels = await admin.GetDocumentAsync("/admin/membership");
        var traineeLevel = levels.QuerySelectorAll("#filter-level option").Single(o => o.TextContent == "Trainee").GetAttribute("value");
        var byLevel = await admin.GetDocumentAsync($"/admin/membership?level={traineeLevel}");
        Assert.All(byLevel.QuerySelectorAll("#memberships tbody tr"), row => Assert.Equal("Trainee", row.Children[1].TextContent));
        var ending = await admin.GetDocumentAsync("/admin/membership?expiring=30");
        Assert.DoesNotContain($"/admin/members/{traineeId}", ending.QuerySelectorAll("#memberships a").Select(a => a.GetAttribute("href"))); // a year away

        var csv = await admin.GetStringAsync(new Uri($"/admin/membership/export.csv?level={traineeLevel}", UriKind.Relative));
        Assert.StartsWith("email,name,level,kind,status,paid_through,auto_renew", csv, StringComparison.Ordinal);
        Assert.Contains("list-trainee@example.org", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal); // a formula cell is escaped
        Assert.DoesNotContain("list-renewing@example.org", csv, StringComparison.Ordinal);

        var dashboard = await admin.GetDocumentAsync("/admin");
        var figures = dashboard.QuerySelector("#membership-figures")!.TextContent;
        Assert.Contains("active Trainee member", figures, StringComparison.Ordinal);
        Assert.Contains("dues received this month", figures, StringComparison.Ordinal);
        Assert.Matches(@"\$[1-9][\d,]*\.\d\d dues received this month", figures.Replace("\n", " ", StringComparison.Ordinal));
    }
}
