using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>
/// The seed's <c>stock: null</c>: the paperback's copies are not counted, so it can be ordered out of the box and an order
/// is never held for stock, until staff enter a count (issue 15; content/README.md).
/// </summary>
public sealed class UncountedStockTests(ShopSite site) : IClassFixture<ShopSite>
{
    [Fact]
    public async Task TheSeededPaperback_IsNotCounted_SaysItShips_AndAnOrderGoesStraightToShipping()
    {
        await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).ExecuteUpdateAsync(s => s.SetProperty(f => f.Stock, (int?)null)));
        await using var fresh = new TestSite();
        Assert.Null(await fresh.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Stock).SingleAsync()));

        var book = await site.CreateBrowserClient().GetDocumentAsync("/book");
        Assert.Contains("Shipped to you by mail.", book.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Out of stock", book.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "uncounted@example.org"))))
        {
        }

        Assert.Equal(OrderStatus.ToShip, (await site.OrderForSessionAsync(sessionId)).Status);
        Assert.Null(await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Stock).SingleAsync()));
    }

    [Fact]
    public async Task StaffCanStartCounting_AndStopAgainWithAnEmptyField()
    {
        await site.SetStockAsync(ShopSteps.Paperback, 1000);
        var admin = await site.SignedInClientAsync("counting-admin@example.org", Roles.Admin);
        var paperbackId = await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Id).SingleAsync());
        var form = $"form[action='/admin/catalog/formats/{paperbackId}']";

        using var cleared = await admin.SubmitAsync(await admin.GetDocumentAsync("/admin/catalog"), form,
            new Dictionary<string, string> { ["Format.Price"] = "14.50", ["Format.Stock"] = "", ["Format.IsActive"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, cleared.StatusCode);
        Assert.Null(await site.WithDbAsync(db => db.BookFormats.Where(f => f.Id == paperbackId).Select(f => f.Stock).SingleAsync()));

        using var counted = await admin.SubmitAsync(await admin.GetDocumentAsync("/admin/catalog"), form,
            new Dictionary<string, string> { ["Format.Price"] = "14.50", ["Format.Stock"] = "12", ["Format.IsActive"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, counted.StatusCode);
        Assert.Equal(12, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Id == paperbackId).Select(f => f.Stock).SingleAsync()));
        var audit = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "catalog.format-edited").Select(e => e.Details).ToListAsync());
        Assert.Contains(audit, d => d!.Contains("stock 1000 → not counted", StringComparison.Ordinal));
    }
}
