using System.Globalization;
using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// Joining and paying dues through the Stripe stand-in (issue 16): the join flow from the membership page, Stripe's
/// webhooks applied once and never backwards, renewal a year later, a failed payment and its recovery, automatic renewal
/// off and on, and the member's page.
/// </summary>
public sealed class MembershipDuesTests(MembershipSite site) : IClassFixture<MembershipSite>
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    private static Dictionary<string, string> Facts(IDocument page) =>
        page.QuerySelectorAll("#membership-facts dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!.TextContent);

    private Task<MimeKit.MimeMessage> MailAsync(string email, string subject) =>
        Eventually.ValueAsync(() => site.Mail.To(email).FirstOrDefault(m => m.Subject == subject), TimeSpan.FromSeconds(15), $"no mail \"{subject}\" to {email}");

    private static string Day(DateTimeOffset through) =>
        TimeZoneInfo.ConvertTime(through.AddSeconds(-1), TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).ToString("MMMM d, yyyy", UsEnglish);

    [Fact]
    public async Task AVisitor_ChoosesALevel_RegistersOnTheWay_AndComesBackToPayThatLevel()
    {
        var client = site.CreateBrowserClient();
        var page = await client.GetDocumentAsync("/membership");
        var join = page.QuerySelectorAll("a.button[href^='/membership/join/']").Single(a => a.TextContent.StartsWith("Join as Trainee", StringComparison.Ordinal));
        var joinPath = join.GetAttribute("href")!;
        Assert.Null(page.QuerySelector("#opens-soon"));

        // Joining needs an account: the sign-in page, then "Create an account", keep where the visitor was going.
        using var challenged = await client.GetAsync(new Uri(joinPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, challenged.StatusCode);
        var login = await client.GetDocumentAsync(challenged.Headers.Location!.OriginalString);
        var register = await client.GetDocumentAsync(login.QuerySelector("main a[href*='Register']")!.GetAttribute("href")!);
        using var registered = await client.SubmitAsync(register, "form#registerForm", new Dictionary<string, string>
        {
            ["Input.Name"] = "Jordan Trainee",
            ["Input.Email"] = "trainee-joins@example.org",
            ["Input.Password"] = Accounts.StrongPassword,
            ["Input.ConfirmPassword"] = Accounts.StrongPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        var confirmMail = await site.Mail.WaitForAsync("trainee-joins@example.org");
        var confirmLink = Accounts.LinkIn(confirmMail, "ConfirmEmail");
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(joinPath), confirmLink, StringComparison.Ordinal);
        var confirmed = await client.FollowAndConfirmAsync(confirmLink, "form#confirm-email");
        var signInLink = confirmed.QuerySelector("a.button[href*='Login']")!.GetAttribute("href")!;
        Assert.Contains("returnUrl=" + Uri.EscapeDataString(joinPath), signInLink, StringComparison.OrdinalIgnoreCase);
        var signIn = await client.GetDocumentAsync(signInLink);
        using var signedIn = await client.SubmitAsync(signIn, "form#account", new Dictionary<string, string>
        {
            ["Input.Email"] = "trainee-joins@example.org",
            ["Input.Password"] = Accounts.StrongPassword,
        });
        Assert.Equal(joinPath, signedIn.Headers.Location!.OriginalString);

        var confirm = await client.GetDocumentAsync(joinPath);
        Assert.Equal("Join as Trainee", confirm.QuerySelector("h1")!.TextContent);
        Assert.Equal("$50.00 a year", confirm.QuerySelector("#join-dues")!.TextContent);

        // A price in the form is ignored: Stripe gets the level's dues from the database, yearly, in subscription mode.
        using var started = await client.SubmitAsync(confirm, "form#join-form", new Dictionary<string, string> { ["unit_amount"] = "1", ["levelId"] = "1" });
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        var request = site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal("subscription", request.Form["mode"]);
        Assert.Equal("5000", request.Form["line_items[0][price_data][unit_amount]"]);
        Assert.Equal("year", request.Form["line_items[0][price_data][recurring][interval]"]);
        Assert.Equal("trainee-joins@example.org", request.Form["customer_email"]);
        Assert.False(string.IsNullOrEmpty(request.IdempotencyKey));
        var membershipId = await site.WithDbAsync(db => db.Memberships.Where(m => m.User!.Email == "trainee-joins@example.org").Select(m => m.Id).SingleAsync());
        Assert.Equal(membershipId.ToString(CultureInfo.InvariantCulture), request.Form["subscription_data[metadata][membership_id]"]);

        // Pending until Stripe's word comes.
        var pending = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        Assert.Equal("Awaiting payment", Facts(pending)["Status"]);

        var paidAt = site.Clock.GetUtcNow();
        var session = site.Stripe.CompleteSubscription(sessionId, paidAt, email: "trainee-joins@example.org");
        using (var delivered = await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", session)))
        {
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        var welcome = await client.GetDocumentAsync($"/membership/welcome?session_id={sessionId}");
        Assert.Equal("Welcome to the American Balint Society", welcome.QuerySelector("h1")!.TextContent);
        var mine = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        Assert.Equal(new Dictionary<string, string>
        {
            ["Level"] = "Trainee",
            ["Status"] = "Active",
            ["Paid through"] = Day(paidAt.AddYears(1)),
            ["Automatic renewal"] = "On",
        }, Facts(mine));
        Assert.Contains("your card will be charged $50.00", mine.QuerySelector("#membership-summary")!.TextContent, StringComparison.Ordinal);
        var invoiceId = session["invoice"]!.GetValue<string>();
        Assert.EndsWith($"/invoice/{invoiceId}", mine.QuerySelector("a[href*='/invoice/']")!.GetAttribute("href"), StringComparison.Ordinal);

        var mail = await MailAsync("trainee-joins@example.org", "Welcome to the American Balint Society");
        Assert.Contains("$50.00", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/invoice/{invoiceId}", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePaymentIsCountedOnce_WhicheverOfTheSessionAndInvoiceEventsComesAndHowOften()
    {
        var (_, userId, sessionId, subscriptionId) = await site.PaidMemberAsync("counted-once@example.org");
        var invoice = site.Stripe.Invoice(site.Stripe.Session(sessionId)["invoice"]!.GetValue<string>());
        var paid = StripeStandIn.Event("invoice.paid", invoice);
        using (await site.DeliverAsync(paid))
        using (await site.DeliverAsync(paid))
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Session(sessionId))))
        using (await site.DeliverAsync(StripeStandIn.Event("customer.subscription.updated", site.Stripe.Subscription(subscriptionId))))
        {
        }

        var membership = await site.MembershipOfAsync(userId);
        var payment = Assert.Single(membership.Payments);
        Assert.Equal(MembershipSite.MemberDues, payment.AmountCents);
        Assert.Equal(membership.PaidThrough, payment.PeriodEnd);
        await MailAsync("counted-once@example.org", "Welcome to the American Balint Society");
        await Task.Delay(500);
        Assert.Single(site.Mail.To("counted-once@example.org"), m => m.Subject!.StartsWith("Welcome", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheWelcomePage_SettlesThePayment_WhenTheWebhookHasNotArrived()
    {
        var client = await site.SignedInClientAsync("no-webhook-yet@example.org", null);
        var sessionId = await MembershipSite.StartJoinAsync(client);
        var before = await client.GetDocumentAsync("/membership/welcome?session_id=cs_test_someone_else");
        Assert.Equal("We are confirming your payment", before.QuerySelector("h1")!.TextContent);

        site.Stripe.CompleteSubscription(sessionId, site.Clock.GetUtcNow(), email: "no-webhook-yet@example.org");
        var welcome = await client.GetDocumentAsync($"/membership/welcome?session_id={sessionId}");

        Assert.Equal("Welcome to the American Balint Society", welcome.QuerySelector("h1")!.TextContent);
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "no-webhook-yet@example.org").Select(u => u.Id).SingleAsync());
        var membership = await site.MembershipOfAsync(userId);
        Assert.Null(membership.PendingCheckoutSessionId);
        Assert.Single(membership.Payments);
    }

    [Fact]
    public async Task AYearLater_InvoicePaidRenews_AndAnOldEventCannotMoveTheDateBack()
    {
        var (_, userId, sessionId, subscriptionId) = await site.PaidMemberAsync("renews@example.org");
        var firstThrough = (await site.MembershipOfAsync(userId)).PaidThrough!.Value;

        site.Clock.Advance(TimeSpan.FromDays(365));
        var renewal = site.Stripe.Renew(subscriptionId);
        var paid = StripeStandIn.Event("invoice.paid", renewal);
        using (await site.DeliverAsync(paid))
        using (await site.DeliverAsync(paid))
        {
        }

        var renewed = await site.MembershipOfAsync(userId);
        Assert.Equal(firstThrough.AddYears(1), renewed.PaidThrough);
        Assert.Equal(2, renewed.Payments.Count);
        var mail = await MailAsync("renews@example.org", "Your membership is renewed");
        Assert.Contains("$150.00", mail.TextBody, StringComparison.Ordinal);

        // The first year's news delivered again, late, under new event ids: nothing moves back, nothing is counted again.
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Session(sessionId))))
        using (await site.DeliverAsync(StripeStandIn.Event("invoice.paid", site.Stripe.Invoice(site.Stripe.Session(sessionId)["invoice"]!.GetValue<string>()))))
        {
        }

        var after = await site.MembershipOfAsync(userId);
        Assert.Equal(firstThrough.AddYears(1), after.PaidThrough);
        Assert.Equal(2, after.Payments.Count);
    }

    [Fact]
    public async Task AFailedRenewal_MailsOnce_KeepsTheMemberInGrace_AndARetryThatSucceedsRenews()
    {
        var (client, userId, _, subscriptionId) = await site.PaidMemberAsync("card-expired@example.org");
        var firstThrough = (await site.MembershipOfAsync(userId)).PaidThrough!.Value;
        site.Clock.Advance(TimeSpan.FromDays(366));

        var failed = site.Stripe.Renew(subscriptionId, paid: false);
        using (await site.DeliverAsync(StripeStandIn.Event("invoice.payment_failed", failed)))
        using (await site.DeliverAsync(StripeStandIn.Event("invoice.payment_failed", failed))) // Stripe's retry fails too
        {
        }

        var mail = await MailAsync("card-expired@example.org", "Your membership dues could not be charged");
        Assert.Contains("/Identity/Account/Manage/Membership", Accounts.LinkIn(mail, "Membership"), StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(site.Mail.To("card-expired@example.org"), m => m.Subject == "Your membership dues could not be charged");

        var signedIn = await site.SignInAgainAsync("card-expired@example.org");
        var page = await signedIn.GetDocumentAsync("/Identity/Account/Manage/Membership");
        Assert.Equal("In grace period", Facts(page)["Status"]);
        Assert.Contains("did not go through", page.QuerySelector("#membership-summary")!.TextContent, StringComparison.Ordinal);

        // Joining again now would start a second subscription while Stripe still retries the first: refused.
        var levelId = await site.WithDbAsync(db => db.MembershipLevels.Where(l => l.Name == "Member").Select(l => l.Id).SingleAsync());
        var join = await signedIn.GetDocumentAsync($"/membership/join/{levelId}");
        Assert.StartsWith("Your dues renew by card, and the renewal is being processed or retried.", join.QuerySelector("#join-refusal")!.TextContent, StringComparison.Ordinal);
        Assert.Null(join.QuerySelector("form#join-form"));
        Assert.NotNull(page.QuerySelector("form[action*='handler=Card'] button"));

        // The member updates the card in Stripe's portal, and Stripe's retry succeeds.
        using var portal = await signedIn.SubmitAsync(page, "form[action*='handler=Card']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, portal.StatusCode);
        Assert.Contains("/portal/", portal.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);

        var recovered = site.Stripe.PayInvoice(failed["id"]!.GetValue<string>(), site.Clock.GetUtcNow());
        using (await site.DeliverAsync(StripeStandIn.Event("invoice.paid", recovered)))
        {
        }

        var membership = await site.MembershipOfAsync(userId);
        Assert.Equal(firstThrough.AddYears(1), membership.PaidThrough);
        Assert.Equal(MembershipStatus.Active, MembershipState.Of(membership, site.Clock.GetUtcNow(), TimeSpan.FromDays(30)));
        _ = client;
    }

    [Fact]
    public async Task TheMember_TurnsRenewalOffAndOn_AndALateOldEventCannotUndoIt_ThenTheSubscriptionEnds()
    {
        var (client, userId, _, subscriptionId) = await site.PaidMemberAsync("renewal-switch@example.org");
        var staleOn = site.Stripe.Subscription(subscriptionId); // Stripe's copy while renewal was still on

        var page = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        using (var off = await client.SubmitAsync(page, "form[action*='handler=Renewal']", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        }

        Assert.True(site.Stripe.Subscription(subscriptionId)["cancel_at_period_end"]!.GetValue<bool>());
        page = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        Assert.Equal("Automatic renewal is off: your membership runs to the date it is paid through, and nothing more will be charged.", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal("Off", Facts(page)["Automatic renewal"]);
        Assert.Contains("does not renew by itself", page.QuerySelector("#membership-summary")!.TextContent, StringComparison.Ordinal);

        // An old customer.subscription.updated (renewal on) arrives late: the site asks Stripe, which says off.
        using (await site.DeliverAsync(StripeStandIn.Event("customer.subscription.updated", staleOn)))
        {
        }

        Assert.False((await site.MembershipOfAsync(userId)).AutoRenew);

        using (await client.SubmitAsync(page, "form[action*='handler=Renewal']", new Dictionary<string, string>()))
        {
        }

        Assert.False(site.Stripe.Subscription(subscriptionId)["cancel_at_period_end"]!.GetValue<bool>());
        Assert.True((await site.MembershipOfAsync(userId)).AutoRenew);
        Assert.Contains(await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == $"user:{userId}").Select(e => e.Action).ToListAsync()),
            a => a == "membership.renewal-off");

        // Stripe ends the subscription (e.g. staff cancelled it there): renewal off, the paid year kept, renewing starts anew.
        var through = (await site.MembershipOfAsync(userId)).PaidThrough;
        using (await site.DeliverAsync(StripeStandIn.Event("customer.subscription.deleted", site.Stripe.EndSubscription(subscriptionId))))
        {
        }

        var ended = await site.MembershipOfAsync(userId);
        Assert.False(ended.AutoRenew);
        Assert.Null(ended.StripeSubscriptionId);
        Assert.Equal(through, ended.PaidThrough);
        page = await client.GetDocumentAsync("/Identity/Account/Manage/Membership");
        Assert.Equal("Renew now", page.QuerySelector("#membership-summary ~ .actions a.button")!.TextContent);
    }

    [Fact]
    public async Task ARefundMadeInStripesDashboard_IsRecordedOnTheDuesPayment()
    {
        var (_, userId, sessionId, _) = await site.PaidMemberAsync("dashboard-refund@example.org");
        var invoice = site.Stripe.Invoice(site.Stripe.Session(sessionId)["invoice"]!.GetValue<string>());
        var paymentIntent = invoice["payments"]!["data"]![0]!["payment"]!["payment_intent"]!.GetValue<string>();

        using (var delivered = await site.DeliverAsync(StripeStandIn.Event("charge.refunded", StripeStandIn.Charge(paymentIntent, MembershipSite.MemberDues, 5000))))
        {
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        var payment = Assert.Single((await site.MembershipOfAsync(userId)).Payments);
        Assert.Equal(5000, payment.RefundedCents);
        Assert.True(await site.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Type == "charge.refunded")));
    }
}
