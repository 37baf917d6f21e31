using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using AmericanBalintSociety.Web.Features.Shop.Checkout;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>Downloads, "My orders", the cart at sign-in, and staff's orders and catalogue.</summary>
public sealed class OrdersAndDownloadsTests(ShopSite site) : IClassFixture<ShopSite>
{
    /// <summary>A paid ebook order; returns its order and the download link from the confirmation mail.</summary>
    private async Task<(Order Order, string Link)> PaidEbookAsync(HttpClient client, string email)
    {
        var sessionId = await client.StartCheckoutAsync(ShopSteps.Ebook);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: email))))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        var mail = await Eventually.ValueAsync(() => site.Mail.To(email).FirstOrDefault(m => m.Subject == $"Your order {order.Number}"), TimeSpan.FromSeconds(15), "no order mail");
        return (order, new Uri(Accounts.LinkIn(mail, "/download/")).PathAndQuery);
    }

    [Fact]
    public async Task ADownload_IsAnAttachmentNotCached_AndTheLinkAllowsFiveDownloads()
    {
        var (_, link) = await PaidEbookAsync(site.CreateBrowserClient(), "downloader-five@example.org");
        var anyone = site.CreateBrowserClient();
        for (var i = 0; i < 5; i++)
        {
            using var response = await anyone.GetAsync(new Uri(link, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.EndsWith(".pdf", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Equal(ShopSteps.PdfBytes, await response.Content.ReadAsByteArrayAsync());
        }

        using var sixth = await anyone.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, sixth.StatusCode);
    }

    [Fact]
    public async Task ALinkForAnotherOrder_OrAForgedOne_Answers404()
    {
        var (first, firstLink) = await PaidEbookAsync(site.CreateBrowserClient(), "first-buyer@example.org");
        var (second, _) = await PaidEbookAsync(site.CreateBrowserClient(), "second-buyer@example.org");
        var token = firstLink.Split('/').Last();

        using var otherOrder = await site.CreateBrowserClient().GetAsync(new Uri($"/orders/{second.Number}/download/{token}", UriKind.Relative));
        using var forged = await site.CreateBrowserClient().GetAsync(new Uri($"/orders/{first.Number}/download/{token[..^4]}AAAA", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, otherOrder.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [Fact]
    public async Task MyOrders_ListsTheMembersOrders_AndGivesAFreshLink()
    {
        var member = await site.SignedInClientAsync("orders-member@example.org", role: null);
        var (order, link) = await PaidEbookAsync(member, "orders-member@example.org");
        await site.WithDbAsync(db => db.DownloadGrants.Where(g => g.OrderId == order.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.Downloads, 5)));
        using (var usedUp = await member.GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, usedUp.StatusCode);
        }

        var page = await member.GetDocumentAsync("/Identity/Account/Manage/Orders");
        Assert.Contains($"Order {order.Number}", page.QuerySelector("main h4")!.TextContent, StringComparison.Ordinal);
        var form = page.QuerySelector("form[action*='handler=Download']")!;
        form.Id = "fresh";
        using var fresh = await member.SubmitAsync(page, "#fresh", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        using var download = await member.GetAsync(fresh.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        // Someone else's order number gets no link.
        var stranger = await site.SignedInClientAsync("orders-stranger@example.org", role: null);
        var strangerPage = await stranger.GetDocumentAsync("/Identity/Account/Manage/Orders");
        using var denied = await stranger.SubmitAsync(strangerPage, "main form, form", new Dictionary<string, string> { ["number"] = order.Number, ["lineId"] = order.Lines[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["handler"] = "Download" });
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.DoesNotContain("/download/", denied.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task AVisitorsCart_SurvivesAndJoinsTheMembersCartAtSignIn()
    {
        await site.AddMemberAsync("cart-merge@example.org");
        var member = site.CreateBrowserClient();
        using (await member.SignInAsync("cart-merge@example.org", Accounts.StrongPassword))
        using (await member.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        var visitor = site.CreateBrowserClient();
        using (await visitor.AddToCartAsync(ShopSteps.Paperback))
        using (await visitor.AddToCartAsync(ShopSteps.Ebook))
        {
        }

        using (await visitor.SignInAsync("cart-merge@example.org", Accounts.StrongPassword))
        {
        }

        var cart = await visitor.GetDocumentAsync("/cart");
        var quantities = cart.QuerySelectorAll("table.cart tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(2, quantities.Count);
        Assert.Equal("2", cart.QuerySelector("table.cart input[name=quantity]")!.GetAttribute("value"));
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "cart-merge@example.org").Select(u => u.Id).SingleAsync());
        Assert.Equal(2, await site.WithDbAsync(db => db.Carts.Where(c => c.UserId == userId).SelectMany(c => c.Lines).CountAsync()));
    }

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
        var (order, link) = await PaidEbookAsync(site.CreateBrowserClient(), "partial-refund@example.org");
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
        var (order, _) = await PaidEbookAsync(site.CreateBrowserClient(), "refund-race@example.org");
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
    public async Task SavingAFormatWhileCopiesSell_DoesNotPutTheSoldCopiesBack()
    {
        await site.SetStockAsync(ShopSteps.Paperback, 50);
        var admin = await site.SignedInClientAsync("stock-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/catalog");
        var paperbackId = await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Id).SingleAsync());

        // A sale takes a copy while the page is open.
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId))))
        {
        }

        // Staff change only the price: the stock is left as the sale made it.
        using var price = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{paperbackId}']", new Dictionary<string, string> { ["Format.Price"] = "14.50", ["Format.Stock"] = "50", ["Format.IsActive"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, price.StatusCode);
        Assert.Equal(49, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Id == paperbackId).Select(f => f.Stock).SingleAsync()));

        // Staff set a new figure over the one they saw, which the sale changed: refused, with the reason next to the field.
        page = await admin.GetDocumentAsync("/admin/catalog");
        await site.SetStockAsync(ShopSteps.Paperback, 48);
        using var stock = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{paperbackId}']", new Dictionary<string, string> { ["Format.Price"] = "14.50", ["Format.Stock"] = "100", ["Format.IsActive"] = "true" });
        var refused = await Html.ParseAsync(stock);
        Assert.Contains("Copies were sold while you had this page open", refused.QuerySelector($"#stock-{paperbackId}-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(48, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Id == paperbackId).Select(f => f.Stock).SingleAsync()));
        await site.SetStockAsync(ShopSteps.Paperback, 1000);
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
    public async Task DeletingAnAccount_KeepsTheAddressOfAnOrderStillToShip()
    {
        await site.RegisterAndConfirmAsync("ship-after-delete@example.org", name: "Leaving Soon");
        var client = site.CreateBrowserClient();
        using (await client.SignInAsync("ship-after-delete@example.org", Accounts.StrongPassword))
        {
        }

        var sessionId = await client.StartCheckoutAsync(ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "ship-after-delete@example.org"))))
        {
        }

        var deletePage = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using (await client.SubmitAsync(deletePage, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword }))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal((OrderStatus.ToShip, null, "ship-after-delete@example.org", "1 Clinic Way"), (order.Status, order.UserId, order.Email, order.ShippingLine1));
    }

    [Fact]
    public async Task ExpiredCarts_AreDeleted()
    {
        var visitor = site.CreateBrowserClient();
        using (await visitor.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        var count = await site.WithDbAsync(db => db.Carts.CountAsync());
        await site.WithDbAsync(db => db.Carts.Where(c => c.UserId == null).OrderByDescending(c => c.CreatedAt).Take(1)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CartService>().DeleteExpiredAsync(CancellationToken.None);
        }

        Assert.Equal(count - 1, await site.WithDbAsync(db => db.Carts.CountAsync()));
        Assert.Contains("Your cart is empty", (await visitor.GetDocumentAsync("/cart")).QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefundStripeCouldNotMake_IsNotRecorded()
    {
        var (order, link) = await PaidEbookAsync(site.CreateBrowserClient(), "failed-refund@example.org");
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
        var (order, _) = await PaidEbookAsync(site.CreateBrowserClient(), "exported-buyer@example.org");
        var admin = await site.SignedInClientAsync("orders-exporter@example.org", Roles.Admin);

        using var export = await admin.GetAsync(new Uri($"/admin/orders/export.csv?q={order.Number}", UriKind.Relative));

        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{order.Number},Completed,", lines[1], StringComparison.Ordinal);
        Assert.Contains("exported-buyer@example.org", lines[1], StringComparison.Ordinal);
        Assert.Contains($"1 × {ShopSteps.Ebook}", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCatalogue_ChangesPrices_AndRefusesAnEbookThatIsNotAPdfOrEpub()
    {
        var admin = await site.SignedInClientAsync("catalog-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/catalog");
        var ebookId = await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Ebook).Select(f => f.Id).SingleAsync());

        using var bad = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{ebookId}']", new Dictionary<string, string> { ["Format.Price"] = "nine", ["Format.IsActive"] = "true" });
        var again = await Html.ParseAsync(bad);
        Assert.Equal("Enter the price in dollars and cents, e.g. 14.50.", again.QuerySelector($"#price-{ebookId}-error")!.TextContent);
        Assert.Equal("nine", again.QuerySelector($"#price-{ebookId}")!.GetAttribute("value"));

        using var good = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{ebookId}']", new Dictionary<string, string> { ["Format.Price"] = "12.00", ["Format.IsActive"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var book = await site.CreateBrowserClient().GetDocumentAsync("/book");
        Assert.Contains(book.QuerySelectorAll(".offer").Select(o => o.TextContent), o => o.Contains("Ebook", StringComparison.Ordinal) && o.Contains("$12.00", StringComparison.Ordinal));

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("<html>not a book</html>"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "book.pdf");
        using var refused = await admin.PostAsync(new Uri($"/admin/catalog/formats/{ShopSteps.Ebook}/ebook", UriKind.Relative), form);
        var refusedPage = await Html.ParseAsync(refused);
        Assert.Contains("is not a PDF or an EPUB", refusedPage.QuerySelector($"#file-{ebookId}-error")!.TextContent, StringComparison.Ordinal);
        await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Ebook).ExecuteUpdateAsync(s => s.SetProperty(f => f.PriceCents, 999)));
    }

    [Fact]
    public async Task TheCatalogAttachCommand_AttachesAPdf_AndRefusesAnythingElse()
    {
        var pdf = Path.Combine(site.Directory, "command.pdf");
        var text = Path.Combine(site.Directory, "command.txt");
        await File.WriteAllBytesAsync(pdf, ShopSteps.PdfBytes);
        await File.WriteAllTextAsync(text, "plain text");

        var (okExit, okOutput, _) = await site.RunCommandAsync(null, "catalog", "attach", "--sku", ShopSteps.Ebook, "--file", pdf);
        var (badExit, _, badError) = await site.RunCommandAsync(null, "catalog", "attach", "--sku", ShopSteps.Ebook, "--file", text);

        Assert.Equal(0, okExit);
        Assert.Contains("attached", okOutput, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains("not a PDF or an EPUB", badError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyData_IncludesOrders_AndDeletingTheAccountKeepsTheOrderWithoutTheBuyer()
    {
        await site.RegisterAndConfirmAsync("order-data@example.org", name: "Order Data");
        var client = site.CreateBrowserClient();
        using (await client.SignInAsync("order-data@example.org", Accounts.StrongPassword))
        {
        }

        var (order, _) = await PaidEbookAsync(client, "order-data@example.org");
        var dataPage = await client.GetDocumentAsync("/Identity/Account/Manage/PersonalData");
        using var download = await client.SubmitAsync(dataPage, "form#download-data", new Dictionary<string, string>());
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        Assert.Equal(order.Number, json.RootElement.GetProperty("orders")[0].GetProperty("number").GetString());

        var deletePage = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using (await client.SubmitAsync(deletePage, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword }))
        {
        }

        var kept = await site.OrderForSessionAsync(order.StripeCheckoutSessionId!);
        Assert.Equal((OrderStatus.Completed, null, null, null), (kept.Status, kept.UserId, kept.Email, kept.BuyerName));
        Assert.Equal(order.AmountPaidCents, kept.AmountPaidCents);
    }
}

/// <summary>A site without Stripe keys: the shop shows the book and the cart but takes no orders, and says why.</summary>
public sealed class ShopWithoutStripeTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task WithoutASecretKey_TheCartSaysOrderingIsUnavailable_AndTheDashboardSaysWhy()
    {
        var client = site.CreateBrowserClient();
        using (await client.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        var cart = await client.GetDocumentAsync("/cart");
        Assert.Contains("Ordering is unavailable", cart.QuerySelector("#ordering-unavailable")!.TextContent, StringComparison.Ordinal);
        Assert.Null(cart.QuerySelector("form#checkout-form"));

        var admin = await site.SignedInClientAsync("no-stripe-admin@example.org", Roles.Admin);
        var dashboard = await admin.GetDocumentAsync("/admin");
        Assert.Contains("Stripe:SecretKey is not set", dashboard.QuerySelector("#shop-problem")!.TextContent, StringComparison.Ordinal);

        // The ebook has no file here, so it cannot be put in the cart at all.
        var book = await client.GetDocumentAsync("/book");
        Assert.Contains(book.QuerySelectorAll(".offer").Select(o => o.TextContent), o => o.Contains("Ebook", StringComparison.Ordinal) && o.Contains("Not available to order yet", StringComparison.Ordinal));
    }
}

/// <summary>Download links expire after 7 days (a site whose clock the test moves).</summary>
public sealed class DownloadExpiryTests(ClockedShopSite site) : IClassFixture<ClockedShopSite>
{
    [Fact]
    public async Task ADownloadLink_StopsWorkingAfterSevenDays()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        using (var delivered = await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "expiring-link@example.org"))))
        {
            Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        }

        Assert.Equal(OrderStatus.Completed, (await site.OrderForSessionAsync(sessionId)).Status);
        var link = new Uri(Accounts.LinkIn(await site.Mail.WaitForAsync("expiring-link@example.org", TimeSpan.FromSeconds(30)), "/download/")).PathAndQuery;
        using (var fresh = await site.CreateBrowserClient().GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        }

        site.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        using var expired = await site.CreateBrowserClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
    }
}
