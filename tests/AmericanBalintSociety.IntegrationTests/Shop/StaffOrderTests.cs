using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shop.Checkout;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>Staff's order pages: shipping, refunds through Stripe, held orders and the export.</summary>
public sealed class StaffOrderTests(ShopSite site) : IClassFixture<ShopSite>
{
    [Fact]
    public async Task StaffOrders_AreForAdmins_AndShippingMailsTheBuyer()
    {
        var editor = await site.SignedInClientAsync("orders-editor@example.org", Roles.Editor);
        using (var forbidden = await editor.GetAsync(new Uri("/admin/orders", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var catalog = await editor.GetAsync(new Uri("/admin/catalog", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, catalog.StatusCode);
        }

        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "ship-me@example.org"))))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        var admin = await site.SignedInClientAsync("orders-admin@example.org", Roles.Admin);
        var list = await admin.GetDocumentAsync($"/admin/orders?q={order.Number}");
        Assert.Equal(order.Number, list.QuerySelector("table.data-table tbody a")!.TextContent);
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");
        Assert.Contains("1 Clinic Way", page.QuerySelector("#order-facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(sessionId, page.QuerySelector("#order-facts")!.TextContent, StringComparison.Ordinal);

        using var empty = await admin.SubmitAsync(page, "form#ship-form", new Dictionary<string, string> { ["carrier"] = "", ["tracking"] = "" });
        Assert.Contains("Enter the carrier", (await admin.GetDocumentAsync(empty.Headers.Location!.OriginalString)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        using var shipped = await admin.SubmitAsync(page, "form#ship-form", new Dictionary<string, string> { ["carrier"] = "USPS", ["tracking"] = "9400 1000 0000 0000 0000 00" });
        var after = await admin.GetDocumentAsync(shipped.Headers.Location!.OriginalString);
        Assert.Contains("marked shipped", after.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Shipped, (await site.OrderForSessionAsync(sessionId)).Status);
        var mail = await Eventually.ValueAsync(() => site.Mail.To("ship-me@example.org").FirstOrDefault(m => m.Subject?.EndsWith("has shipped", StringComparison.Ordinal) == true), TimeSpan.FromSeconds(15), "no shipping mail");
        Assert.Contains("9400 1000 0000 0000 0000 00", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APartialRefundByStaff_GoesThroughStripeOnce_AndEndsDownloads()
    {
        var (order, link) = await site.PaidEbookAsync(site.CreateBrowserClient(), "partial-refund@example.org");
        var admin = await site.SignedInClientAsync("refunder@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");

        using var tooMuch = await admin.SubmitAsync(page, "form#refund-form", new Dictionary<string, string> { ["amount"] = "99.00" });
        Assert.Contains("Enter an amount from $0.01 to $9.99", (await admin.GetDocumentAsync(tooMuch.Headers.Location!.OriginalString)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);

        using var refunded = await admin.SubmitAsync(page, "form#refund-form", new Dictionary<string, string> { ["amount"] = "4.00" });
        using var twice = await admin.SubmitAsync(page, "form#refund-form", new Dictionary<string, string> { ["amount"] = "4.00" }); // the same form again

        var refunds = site.Stripe.Requests.Where(r => r.Path == "/v1/refunds" && r.Form["payment_intent"] == order.StripePaymentIntentId).ToList();
        Assert.Equal(2, refunds.Count);
        Assert.Single(refunds.Select(r => r.IdempotencyKey).Distinct());
        Assert.Equal("400", refunds[0].Form["amount"]);
        var after = await site.OrderForSessionAsync(order.StripeCheckoutSessionId!);
        Assert.Equal((OrderStatus.PartiallyRefunded, 400L), (after.Status, after.AmountRefundedCents));
        Assert.Equal(1, await site.WithDbAsync(db => db.OrderRefunds.CountAsync(r => r.OrderId == order.Id)));
        using var download = await site.CreateBrowserClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task ARefundWebhookArrivingBeforeTheStaffRefundIsRecorded_IsNotCountedTwice()
    {
        var (order, _) = await site.PaidEbookAsync(site.CreateBrowserClient(), "refund-race@example.org");
        // Stripe's charge.refunded (running total 300) lands first; then the staff refund of the same 300 is recorded.
        using (await site.DeliverAsync(StripeStandIn.Event("charge.refunded", StripeStandIn.Charge(order.StripePaymentIntentId!, order.AmountPaidCents, 300))))
        {
        }

        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrderFulfilment>().RecordRefundAsync(order.Id, "re_race", 300, "staff", CancellationToken.None);
        }

        var after = await site.OrderForSessionAsync(order.StripeCheckoutSessionId!);
        Assert.Equal((OrderStatus.PartiallyRefunded, 300L), (after.Status, after.AmountRefundedCents));
    }

    [Fact]
    public async Task APartlyRefundedPaperbackAndEbookOrder_ShipsOnce_AndItsEbookStaysRevoked()
    {
        var client = site.CreateBrowserClient();
        var sessionId = await client.StartCheckoutAsync(ShopSteps.Ebook, ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "partly@example.org"))))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        var mail = await Eventually.ValueAsync(() => site.Mail.To("partly@example.org").FirstOrDefault(m => m.Subject == $"Your order {order.Number}"), TimeSpan.FromSeconds(15), "no order mail");
        var link = new Uri(Accounts.LinkIn(mail, "/download/")).PathAndQuery;
        using (await site.DeliverAsync(StripeStandIn.Event("charge.refunded", StripeStandIn.Charge(order.StripePaymentIntentId!, order.AmountPaidCents, 999))))
        {
        }

        var admin = await site.SignedInClientAsync("partly-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");
        using (await admin.SubmitAsync(page, "form#ship-form", new Dictionary<string, string> { ["carrier"] = "USPS", ["tracking"] = "1" }))
        {
        }

        Assert.Equal(OrderStatus.Shipped, (await site.OrderForSessionAsync(sessionId)).Status);
        Assert.Null((await admin.GetDocumentAsync($"/admin/orders/{order.Id}")).QuerySelector("form#ship-form"));
        using var download = await site.CreateBrowserClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, download.StatusCode);
    }

    [Fact]
    public async Task AHeldOrder_IsFulfilledWhenStaffReleaseIt()
    {
        await site.SetStockAsync(ShopSteps.Paperback, 0);
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "released@example.org"))))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        var admin = await site.SignedInClientAsync("release-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");
        using (var tooEarly = await admin.SubmitAsync(page, "form[action$='/release']", new Dictionary<string, string>()))
        {
            Assert.Contains("Not enough copies", (await admin.GetDocumentAsync(tooEarly.Headers.Location!.OriginalString)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        }

        await site.SetStockAsync(ShopSteps.Paperback, 5);
        using (await admin.SubmitAsync(page, "form[action$='/release']", new Dictionary<string, string>()))
        {
        }

        Assert.Equal(OrderStatus.ToShip, (await site.OrderForSessionAsync(sessionId)).Status);
        Assert.Equal(4, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Stock).SingleAsync()));
        await Eventually.ValueAsync(() => site.Mail.To("released@example.org").FirstOrDefault(m => m.Subject == $"Your order {order.Number}"), TimeSpan.FromSeconds(15), "no confirmation after release");
        await site.SetStockAsync(ShopSteps.Paperback, 1000);
    }

    [Fact]
    public async Task ARefundStripeCouldNotMake_IsNotRecorded()
    {
        var (order, link) = await site.PaidEbookAsync(site.CreateBrowserClient(), "failed-refund@example.org");
        var admin = await site.SignedInClientAsync("failed-refunder@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync($"/admin/orders/{order.Id}");

        site.Stripe.RefundStatus = "failed";
        try
        {
            using var refused = await admin.SubmitAsync(page, "form#refund-form", new Dictionary<string, string> { ["amount"] = "9.99" });
            Assert.Contains("Stripe could not make the refund", (await admin.GetDocumentAsync(refused.Headers.Location!.OriginalString)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        }
        finally
        {
            site.Stripe.RefundStatus = "succeeded";
        }

        var after = await site.OrderForSessionAsync(order.StripeCheckoutSessionId!);
        Assert.Equal((OrderStatus.Completed, 0L), (after.Status, after.AmountRefundedCents));
        using var download = await site.CreateBrowserClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task TheOrdersExport_IsCsvOfTheFilteredOrders()
    {
        var (order, _) = await site.PaidEbookAsync(site.CreateBrowserClient(), "exported-buyer@example.org");
        var admin = await site.SignedInClientAsync("orders-exporter@example.org", Roles.Admin);

        using var export = await admin.GetAsync(new Uri($"/admin/orders/export.csv?q={order.Number}", UriKind.Relative));

        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{order.Number},Completed,", lines[1], StringComparison.Ordinal);
        Assert.Contains("exported-buyer@example.org", lines[1], StringComparison.Ordinal);
        Assert.Contains($"1 × {ShopSteps.Ebook}", lines[1], StringComparison.Ordinal);
    }
}
