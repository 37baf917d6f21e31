using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Donations;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Donations;

/// <summary>
/// Gifts for staff (issue 17): the list with its filters and its totals by month and year, a donor's history, a refund
/// through Stripe made once, the CSV with formula cells escaped, the dashboard's figures, the amounts the giving page
/// offers, and all of it for Admins only.
/// </summary>
public sealed class DonationAdminTests(DonationSite site) : IClassFixture<DonationSite>
{
    /// <summary>A gift given once through /donate and paid at Stripe; returns the session id.</summary>
    private async Task<string> PaidGiftAsync(string amount, string email, string name, string note = "")
    {
        var client = site.CreateBrowserClient();
        var page = await client.GetDocumentAsync("/donate");
        using var started = await client.SubmitAsync(page, "form#donate-form", new Dictionary<string, string>
        {
            ["Frequency"] = "once",
            ["Amount"] = amount,
            ["OtherDollars"] = "",
            ["Dedication"] = "None",
            ["DedicationName"] = "",
            ["Note"] = note,
        });
        Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
        var sessionId = started.Headers.Location!.AbsolutePath.Split('/').Last();
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: email, name: name))))
        {
        }

        return sessionId;
    }

    [Fact]
    public async Task TheList_FiltersAndTotalsGifts_ShowsADonor_ExportsEscapedCsv_AndTheDashboardCountsThem()
    {
        await PaidGiftAsync("100", "list-donor@example.org", "Lee Listed", note: "=HYPERLINK(\"http://evil.example\")");
        await PaidGiftAsync("25", "list-donor@example.org", "Lee Listed");
        var lastYear = site.Clock.GetUtcNow().AddYears(-1);
        await site.WithDbAsync(async db =>
        {
            db.Gifts.Add(new Gift
            {
                Status = GiftStatus.Paid,
                AmountCents = 7_500,
                DonorEmail = "old-donor@example.org",
                DonorName = "Olive Older",
                ReceiptToken = DonationCheckout.NewReceiptToken(),
                CreatedAt = lastYear,
                PaidAt = lastYear,
            });
            await db.SaveChangesAsync();
        });

        var admin = await site.SignedInClientAsync("gifts-admin@example.org", Roles.Admin);
        static Dictionary<string, (string, string)> Totals(AngleSharp.Dom.IDocument page, string table) =>
            page.QuerySelectorAll($"#{table} tbody tr").ToDictionary(r => r.Children[0].TextContent, r => (r.Children[1].TextContent, r.Children[2].TextContent));
        var local = TimeZoneInfo.ConvertTime(site.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var year = local.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var lee = await admin.GetDocumentAsync("/admin/donations?donor=lee");
        Assert.Equal(("2", "$125.00"), Totals(lee, "totals-by-year")[year]);
        Assert.Equal(("2", "$125.00"), Totals(lee, "totals-by-month")[$"{local:MMMM yyyy}"]);
        var everyone = Totals(await admin.GetDocumentAsync("/admin/donations"), "totals-by-year");
        Assert.Equal(("1", "$75.00"), everyone[(local.Year - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        // Filters: a date range, once or monthly, the donor.
        var thisYear = await admin.GetDocumentAsync($"/admin/donations?from={local.Year}-01-01&to={local.Year}-12-31&donor=lee");
        Assert.Equal(["$100.00", "$25.00"], thisYear.QuerySelectorAll("#gifts tbody tr").Select(r => r.Children[2].TextContent).Order());
        Assert.Empty((await admin.GetDocumentAsync("/admin/donations?kind=monthly&donor=lee")).QuerySelectorAll("#gifts tbody tr"));
        var badDate = await admin.GetDocumentAsync("/admin/donations?from=31/01/2026");
        Assert.NotNull(badDate.QuerySelector("#filter-error"));

        var donor = await admin.GetDocumentAsync("/admin/donations/donor?email=LIST-DONOR%40example.org");
        Assert.StartsWith("list-donor@example.org · 2 gifts received, $125.00", donor.QuerySelector("#donor-summary")!.TextContent, StringComparison.Ordinal);

        var csv = await admin.GetStringAsync(new Uri($"/admin/donations/export.csv?donor=lee", UriKind.Relative));
        Assert.StartsWith("id,date,amount,refunded,status,kind,donor_name,donor_email,dedication,note", csv, StringComparison.Ordinal);
        Assert.Contains("100.00", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\"=HYPERLINK", csv, StringComparison.Ordinal);
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "gifts.exported")));

        var figures = (await admin.GetDocumentAsync("/admin")).QuerySelector("#gift-figures")!.TextContent.ReplaceLineEndings(" ");
        Assert.Matches(@"\$[1-9][\d,]*\.\d\d given this month", figures);
        Assert.Contains("given this year", figures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefund_GoesThroughStripeOnce_AndIsRecordedAndAudited()
    {
        var sessionId = await PaidGiftAsync("250", "refund-me@example.org", "Rae Refund");
        var gift = await site.WithDbAsync(db => db.Gifts.AsNoTracking().SingleAsync(g => g.StripeCheckoutSessionId == sessionId));
        var admin = await site.SignedInClientAsync("refund-admin@example.org", Roles.Admin);

        var page = await admin.GetDocumentAsync($"/admin/donations/{gift.Id}");
        using (var refunded = await admin.SubmitAsync(page, "form#refund-form", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, refunded.StatusCode);
        }

        using (await admin.SubmitAsync(page, "form#refund-form", new Dictionary<string, string>())) // the same form sent again
        {
        }

        var refunds = site.Stripe.Requests.Where(r => r.Path == "/v1/refunds" && r.Form["payment_intent"] == gift.StripePaymentIntentId).ToList();
        Assert.Equal("25000", Assert.Single(refunds).Form["amount"]);
        var after = await site.WithDbAsync(db => db.Gifts.AsNoTracking().SingleAsync(g => g.Id == gift.Id));
        Assert.Equal((GiftStatus.Refunded, 25_000L), (after.Status, after.RefundedCents));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "gift.refunded" && e.Subject == $"gift:{gift.Id}")));
        Assert.Null((await admin.GetDocumentAsync($"/admin/donations/{gift.Id}")).QuerySelector("form#refund-form"));

        // The receipt the donor holds now says so.
        var receipt = await site.CreateBrowserClient().GetDocumentAsync($"/donate/receipt/{after.ReceiptToken}");
        Assert.Equal("$250.00", receipt.QuerySelectorAll("#receipt-facts dt").Single(dt => dt.TextContent == "Refunded").NextElementSibling!.TextContent);
    }

    [Fact]
    public async Task StaffChangeTheAmountsOffered_AndTheFormAcceptsOnlyThose()
    {
        var admin = await site.SignedInClientAsync("amounts-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/donations/amounts");
        using (var refused = await admin.SubmitAsync(page, "form#amounts-form", new Dictionary<string, string> { ["Amounts"] = "30, 3, abc" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            var again = await Html.ParseAsync(refused);
            Assert.StartsWith("“3” is not an amount that can be given", again.QuerySelector("#Amounts-error")!.TextContent, StringComparison.Ordinal);
            Assert.Equal("30, 3, abc", again.QuerySelector("#Amounts")!.GetAttribute("value"));
        }

        using (await admin.SubmitAsync(page, "form#amounts-form", new Dictionary<string, string> { ["Amounts"] = "500, 30, $10" }))
        {
        }

        try
        {
            var donate = await site.CreateBrowserClient().GetDocumentAsync("/donate");
            Assert.Equal(["$10.00", "$30.00", "$500.00", "Other amount"], donate.QuerySelectorAll(".amount-choice label").Select(l => l.TextContent));
            Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "giving.amounts-changed")));

            var client = site.CreateBrowserClient();
            var form = await client.GetDocumentAsync("/donate");
            var values = new Dictionary<string, string> { ["Frequency"] = "once", ["Amount"] = "25", ["OtherDollars"] = "", ["Dedication"] = "None", ["DedicationName"] = "", ["Note"] = "" };
            using (var stale = await client.SubmitAsync(form, "form#donate-form", values))
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, stale.StatusCode); // no longer offered
            }

            values["Amount"] = "500";
            using var started = await client.SubmitAsync(form, "form#donate-form", values);
            Assert.Equal(HttpStatusCode.SeeOther, started.StatusCode);
            Assert.Equal("50000", site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions").Form["line_items[0][price_data][unit_amount]"]);
        }
        finally
        {
            using (await admin.SubmitAsync(await admin.GetDocumentAsync("/admin/donations/amounts"), "form#amounts-form", new Dictionary<string, string> { ["Amounts"] = "25, 50, 100, 250" }))
            {
            }
        }
    }

    [Theory]
    [InlineData("/admin/donations")]
    [InlineData("/admin/donations/export.csv")]
    [InlineData("/admin/donations/amounts")]
    [InlineData("/admin/donations/donor?email=list-donor%40example.org")]
    public async Task TheStaffPages_AreForAdminsOnly(string path)
    {
        var editor = await site.SignedInClientAsync($"gifts-editor-{Guid.NewGuid():N}@example.org", Roles.Editor);
        using var forbidden = await editor.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var visitor = await site.CreateBrowserClient().GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", visitor.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
