using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Donations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Donations;

/// <summary>A site whose Stripe is the local stand-in and whose clock the tests move, with the society's EIN set.</summary>
public sealed class DonationSite : ClockedTestSite, IAsyncLifetime
{
    public const string Ein = "12-3456789";

    public StripeStandIn Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        Stripe.Configure(this);
        Settings["Stripe:Timeout"] = "00:00:03";
        Settings["Shop:ReconcileEnabled"] = "false";
        Settings["Membership:SweepEnabled"] = "false";
        Settings["Organization:Ein"] = Ein;
        Settings["Donations:ReconcileEnabled"] = "false"; // the tests run the reconciliation themselves
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await DisposeAsync();
    }
}

/// <summary>
/// Giving once (issue 17): the amount checked on the server, Stripe Checkout in payment mode, the gift settled once by
/// whichever word comes first, and a receipt that meets the rules for US charitable gifts, in the mail and on its page.
/// </summary>
public sealed class DonationTests(DonationSite site) : IClassFixture<DonationSite>
{
    private static async Task<HttpResponseMessage> GiveAsync(HttpClient client, Dictionary<string, string> values)
    {
        var page = await client.GetDocumentAsync("/donate");
        return await client.SubmitAsync(page, "form#donate-form", values);
    }

    private static Dictionary<string, string> Form(string amount, string other = "", string dedication = "None", string name = "", string note = "") => new()
    {
        ["Amount"] = amount,
        ["OtherDollars"] = other,
        ["Dedication"] = dedication,
        ["DedicationName"] = name,
        ["Note"] = note,
    };

    [Fact]
    public async Task AOneTimeGift_IsPaidAtStripe_SettledOnce_AndReceiptedByMailAndPage()
    {
        var client = site.CreateBrowserClient();
        using var started = await GiveAsync(client, Form("50", dedication: "InMemoryOf", name: "Dr. Ada Lindqvist", note: "For the residents' groups."));
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        var request = site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        Assert.Equal(("payment", "donate", "5000"), (request.Form["mode"], request.Form["submit_type"], request.Form["line_items[0][price_data][unit_amount]"]));
        Assert.False(string.IsNullOrEmpty(request.IdempotencyKey));

        var completed = StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "donor@example.org", name: "Robin Donor"));
        using (await site.DeliverAsync(completed))
        using (await site.DeliverAsync(completed))
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Session(sessionId))))
        {
        }

        var gift = await site.WithDbAsync(db => db.Gifts.AsNoTracking().SingleAsync(g => g.StripeCheckoutSessionId == sessionId));
        Assert.Equal((GiftStatus.Paid, 5000, "Robin Donor", "donor@example.org"), (gift.Status, gift.AmountCents, gift.DonorName, gift.DonorEmail));
        Assert.Equal(("Dr. Ada Lindqvist", "For the residents' groups."), (gift.DedicationName, gift.Note));
        Assert.Null(await site.WithDbAsync(db => db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.StripeCheckoutSessionId == sessionId))); // not the shop's

        var mail = await Eventually.ValueAsync(() => site.Mail.To("donor@example.org") is [var first, ..] ? first : null, TimeSpan.FromSeconds(15), "no receipt mail");
        Assert.Equal("Thank you for your gift to the American Balint Society", mail.Subject);
        Assert.Contains("$50.00", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("In memory of Dr. Ada Lindqvist", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(GiftReceipt.NoGoodsOrServices, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"EIN {DonationSite.Ein}", mail.TextBody, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.Single(site.Mail.To("donor@example.org")); // delivered three times, receipted once

        var receipt = await client.GetDocumentAsync(new Uri(Accounts.LinkIn(mail, "/donate/receipt/")).PathAndQuery);
        var facts = receipt.QuerySelectorAll("#receipt-facts dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!.TextContent);
        Assert.Equal(("Robin Donor", "$50.00", "In memory of Dr. Ada Lindqvist"), (facts["Donor"], facts["Amount"], facts["Dedication"]));
        Assert.Equal(GiftReceipt.NoGoodsOrServices, receipt.QuerySelector("#receipt-statement")!.TextContent);
        Assert.Contains($"EIN {DonationSite.Ein}", receipt.QuerySelector("#receipt-ein")!.TextContent, StringComparison.Ordinal);

        var thanks = await client.GetDocumentAsync($"/donate/thanks?session_id={sessionId}");
        Assert.Equal("Thank you for your gift", thanks.QuerySelector("h1")!.TextContent);
    }

    [Theory]
    [InlineData("7", "", "Amount", "Choose an amount, or “Other amount” and type it.")]
    [InlineData("other", "4", "OtherDollars", "Enter whole dollars from $5.00 to $10,000.00, e.g. 75.")]
    [InlineData("other", "10001", "OtherDollars", "Enter whole dollars from $5.00 to $10,000.00, e.g. 75.")]
    [InlineData("other", "12.50", "OtherDollars", "Enter whole dollars from $5.00 to $10,000.00, e.g. 75.")]
    [InlineData("other", "-20", "OtherDollars", "Enter whole dollars from $5.00 to $10,000.00, e.g. 75.")]
    public async Task AnAmountOutOfRangeOrTampered_IsRefusedByItsField_AndNothingGoesToStripe(string amount, string other, string field, string message)
    {
        var before = site.Stripe.Requests.Count(r => r.Path == "/v1/checkout/sessions");
        using var refused = await GiveAsync(site.CreateBrowserClient(), Form(amount, other, note: "Kept as typed."));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Equal(message, page.QuerySelector($"#{field}-error")!.TextContent);
        Assert.Equal("Kept as typed.", page.QuerySelector("#Note")!.TextContent);
        Assert.Equal(before, site.Stripe.Requests.Count(r => r.Path == "/v1/checkout/sessions"));
    }

    [Fact]
    public async Task AnOtherAmount_GoesToStripeAsTyped_AndAPostedPriceIsIgnored()
    {
        var client = site.CreateBrowserClient();
        var values = Form("other", "75");
        values["unit_amount"] = "1";
        values["AmountCents"] = "1";
        using var started = await GiveAsync(client, values);
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        Assert.Equal("7500", site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions").Form["line_items[0][price_data][unit_amount]"]);
    }

    [Fact]
    public async Task ADedicationWithoutAName_IsRefused()
    {
        using var refused = await GiveAsync(site.CreateBrowserClient(), Form("25", dedication: "InHonorOf"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("Enter the name of the person the gift honors or remembers, or choose no dedication.",
            (await Html.ParseAsync(refused)).QuerySelector("#DedicationName-error")!.TextContent);
    }

    [Fact]
    public async Task TheThanksPage_SettlesTheGift_WhenTheWebhookHasNotArrived_AndAPendingGiftHasNoReceipt()
    {
        var client = site.CreateBrowserClient();
        using var started = await GiveAsync(client, Form("100"));
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        var token = await site.WithDbAsync(db => db.Gifts.Where(g => g.StripeCheckoutSessionId == sessionId).Select(g => g.ReceiptToken).SingleAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/donate/receipt/{token}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/donate/receipt/not-a-token", UriKind.Relative))).StatusCode);

        site.Stripe.Complete(sessionId, email: "no-webhook-donor@example.org");
        var thanks = await client.GetDocumentAsync($"/donate/thanks?session_id={sessionId}");

        Assert.Equal("Thank you for your gift", thanks.QuerySelector("h1")!.TextContent);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/donate/receipt/{token}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task AGiftWhoseWebhookNeverCame_IsSettledByTheReconciliation_AfterAFewMinutes()
    {
        var client = site.CreateBrowserClient();
        using var started = await GiveAsync(client, Form("25"));
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        site.Stripe.Complete(sessionId, email: "lost-webhook-donor@example.org");

        Assert.Equal(0, await ReconcileAsync()); // too soon: the webhook may still come
        site.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(1, await ReconcileAsync());

        var gift = await site.WithDbAsync(db => db.Gifts.AsNoTracking().SingleAsync(g => g.StripeCheckoutSessionId == sessionId));
        Assert.Equal(GiftStatus.Paid, gift.Status);
        await Eventually.ValueAsync(() => site.Mail.To("lost-webhook-donor@example.org") is [var first, ..] ? first : null, TimeSpan.FromSeconds(15), "no receipt mail");
    }

    private async Task<int> ReconcileAsync()
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<GiftReconciliation>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ARefundInStripesDashboard_MarksTheGiftRefunded()
    {
        var client = site.CreateBrowserClient();
        using var started = await GiveAsync(client, Form("250"));
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        var session = site.Stripe.Complete(sessionId, email: "refunded-donor@example.org");
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", session)))
        using (await site.DeliverAsync(StripeStandIn.Event("charge.refunded", StripeStandIn.Charge(session["payment_intent"]!.GetValue<string>(), 25000, 25000))))
        {
        }

        var gift = await site.WithDbAsync(db => db.Gifts.AsNoTracking().SingleAsync(g => g.StripeCheckoutSessionId == sessionId));
        Assert.Equal((GiftStatus.Refunded, 25000), (gift.Status, gift.RefundedCents));
    }

    [Fact]
    public async Task ASignedInDonor_SeesTheGiftInMyAccount_GetsItInTheirData_AndDeletingKeepsItWithoutThem()
    {
        var client = await site.SignedInClientAsync("giving-member@example.org", null);
        using var started = await GiveAsync(client, Form("100", dedication: "InHonorOf", name: "Our first group leaders"));
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        Assert.Equal("giving-member@example.org", site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions").Form["customer_email"]);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "giving-member@example.org"))))
        {
        }

        var giving = await client.GetDocumentAsync("/Identity/Account/Manage/Giving");
        var row = giving.QuerySelector("#gifts tbody tr")!;
        Assert.Equal("$100.00", row.Children[1].TextContent);
        Assert.Equal(("Once", "In honor of Our first group leaders"), (row.Children[2].TextContent, row.Children[3].TextContent));
        Assert.StartsWith("/donate/receipt/", row.QuerySelector("a")!.GetAttribute("href"), StringComparison.Ordinal);

        var dataPage = await client.GetDocumentAsync("/Identity/Account/Manage/PersonalData");
        using (var download = await client.SubmitAsync(dataPage, "form#download-data", new Dictionary<string, string>()))
        {
            using var json = System.Text.Json.JsonDocument.Parse(await download.Content.ReadAsStringAsync());
            Assert.Equal(10000, json.RootElement.GetProperty("gifts").GetProperty("gifts")[0].GetProperty("amountCents").GetInt64());
        }

        var deletePage = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using (await client.SubmitAsync(deletePage, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword }))
        {
        }

        var kept = await site.WithDbAsync(db => db.Gifts.AsNoTracking().SingleAsync(g => g.StripeCheckoutSessionId == sessionId));
        Assert.Equal((GiftStatus.Paid, 10000, (string?)null, (string?)null, (string?)null), (kept.Status, kept.AmountCents, kept.UserId, kept.DonorEmail, kept.DonorName));
    }
}
