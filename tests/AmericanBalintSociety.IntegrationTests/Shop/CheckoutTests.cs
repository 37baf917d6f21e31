using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using AmericanBalintSociety.Web.Features.Shop.Checkout;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>The book, the cart, checkout at the Stripe stand-in, and Stripe's webhooks: never lost, never twice.</summary>
public sealed class CheckoutTests(ShopSite site) : IClassFixture<ShopSite>
{
    [Fact]
    public async Task TheBookPage_ShowsBothFormatsWithDatabasePrices_AndTheCartComputesTheSubtotal()
    {
        await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).ExecuteUpdateAsync(s => s.SetProperty(f => f.PriceCents, 1450)));
        var client = site.CreateBrowserClient();
        var book = await client.GetDocumentAsync("/book");
        Assert.Contains("Restoring the Core of Clinical Practice", book.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Laurel Milberg, PhD and Katherine Knowlton, PhD", book.QuerySelector(".lead")!.TextContent, StringComparison.Ordinal);
        var offers = book.QuerySelectorAll(".offer").Select(o => o.TextContent).ToList();
        Assert.Contains(offers, o => o.Contains("Paperback", StringComparison.Ordinal) && o.Contains("$14.50", StringComparison.Ordinal));
        Assert.Contains(offers, o => o.Contains("Ebook", StringComparison.Ordinal) && o.Contains("$9.99", StringComparison.Ordinal));

        using (await client.AddToCartAsync(ShopSteps.Paperback))
        using (await client.AddToCartAsync(ShopSteps.Paperback))
        using (await client.AddToCartAsync(ShopSteps.Ebook))
        using (await client.AddToCartAsync(ShopSteps.Ebook))
        {
        }

        var cart = await client.GetDocumentAsync("/cart");
        Assert.Equal("$38.99", cart.QuerySelector("#cart-subtotal")!.TextContent); // 2 × 14.50 + 1 × 9.99: an ebook is bought once
        Assert.Contains("(3 items)", cart.QuerySelector("nav[aria-label=Main] a[href='/cart']")!.TextContent, StringComparison.Ordinal);

        // A quantity outside 1–20 is refused with a message; 5 is taken.
        var lineForm = cart.QuerySelector("form.quantity-form")!;
        lineForm.Id = "quantity";
        using var tooMany = await client.SubmitAsync(cart, "#quantity", new Dictionary<string, string> { ["quantity"] = "21" });
        var refused = await client.GetDocumentAsync("/cart");
        Assert.Equal("Choose a quantity from 1 to 20.", refused.QuerySelector("[role=alert]")!.TextContent);
        using var five = await client.SubmitAsync(cart, "#quantity", new Dictionary<string, string> { ["quantity"] = "5" });
        cart = await client.GetDocumentAsync("/cart");
        Assert.Equal("$82.49", cart.QuerySelector("#cart-subtotal")!.TextContent);

        var remove = cart.QuerySelectorAll("form[action$='/remove']")[^1];
        remove.Id = "remove-last";
        using var removed = await client.SubmitAsync(cart, "#remove-last", new Dictionary<string, string>());
        Assert.Equal("$72.50", (await client.GetDocumentAsync("/cart")).QuerySelector("#cart-subtotal")!.TextContent);
    }

    [Fact]
    public async Task APricePostedByTheClient_IsIgnored_AndStripeGetsTheDatabasePrice()
    {
        var client = site.CreateBrowserClient();
        var book = await client.GetDocumentAsync("/book");
        var form = book.QuerySelectorAll("form[action='/cart/add']").First(f => f.QuerySelector($"input[value='{ShopSteps.Ebook}']") is not null);
        form.Id = "add";
        using (await client.SubmitAsync(book, "#add", new Dictionary<string, string> { ["price"] = "1", ["PriceCents"] = "1", ["unit_amount"] = "1" }))
        {
        }

        var cart = await client.GetDocumentAsync("/cart");
        using var checkout = await client.SubmitAsync(cart, "form#checkout-form", new Dictionary<string, string> { ["amount"] = "1", ["total"] = "0.01" });

        Assert.Equal(HttpStatusCode.SeeOther, checkout.StatusCode);
        var sessionId = checkout.Headers.Location!.AbsolutePath.Split('/').Last();
        var request = site.Stripe.Requests.Last(r => r.Path == "/v1/checkout/sessions");
        var price = await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Ebook).Select(f => f.PriceCents).SingleAsync());
        Assert.Equal(price.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Form["line_items[0][price_data][unit_amount]"]);
        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(price, order.SubtotalCents);
        Assert.Equal(OrderStatus.Pending, order.Status);
        Assert.Equal(order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Form["client_reference_id"]);
        Assert.Equal(order.Number, request.Form["metadata[order_number]"]);
        Assert.Equal($"checkout-{order.Number}", request.IdempotencyKey);
        Assert.Equal("payment", request.Form["mode"]);
    }

    [Fact]
    public async Task OnlyACartWithAPaperback_AsksForAnAddressAndOffersShipping()
    {
        var ebookOnly = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var withPaperback = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook, ShopSteps.Paperback);

        var ebookRequest = site.Stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions" && r.Form["client_reference_id"] == site.Stripe.Session(ebookOnly)["client_reference_id"]!.GetValue<string>());
        Assert.DoesNotContain(ebookRequest.Form.Keys, k => k.StartsWith("shipping", StringComparison.Ordinal));
        var paperRequest = site.Stripe.Requests.Single(r => r.Path == "/v1/checkout/sessions" && r.Form["client_reference_id"] == site.Stripe.Session(withPaperback)["client_reference_id"]!.GetValue<string>());
        Assert.Equal("US", paperRequest.Form["shipping_address_collection[allowed_countries][0]"]);
        Assert.Equal("450", paperRequest.Form["shipping_options[0][shipping_rate_data][fixed_amount][amount]"]);
        Assert.Equal("995", paperRequest.Form["shipping_options[1][shipping_rate_data][fixed_amount][amount]"]);
    }

    [Fact]
    public async Task ASignedMemberCheckout_PassesTheirEmailToStripe()
    {
        var client = await site.SignedInClientAsync("shop-member@example.org", role: null);
        var sessionId = await client.StartCheckoutAsync(ShopSteps.Ebook);
        Assert.Equal("shop-member@example.org", site.Stripe.Session(sessionId)["customer_email"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("webhook")]
    [InlineData("success page")]
    public async Task AMembersPaidCart_IsAnnouncedEmptied_OnlyOnceItIsEmptyForEveryoneElse(string settledBy)
    {
        var email = $"shop-announce-{settledBy.Replace(' ', '-')}@example.org";
        var member = await site.SignedInClientAsync(email, role: null);
        var sessionId = await member.StartCheckoutAsync(ShopSteps.Ebook);
        Assert.Contains("Cart (1", await member.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        // What another instance does when told carts changed: count this member's cart again, from the database.
        var counted = new System.Collections.Concurrent.ConcurrentQueue<int>();
        using var listening = site.Services.GetRequiredService<SiteChanges>().Subscribe(MemberCartCounts.Topic, async () =>
            counted.Enqueue(await site.WithDbAsync(db => db.Set<CartLine>().CountAsync(l => db.Set<Cart>().Any(c => c.Id == l.CartId && c.UserId == userId)))));

        if (settledBy == "webhook")
        {
            using var paid = await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId)));
            Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        }
        else
        {
            site.Stripe.Complete(sessionId); // and no webhook: the buyer's return settles the order
            var page = await member.GetDocumentAsync($"/checkout/success?session_id={sessionId}");
            Assert.Equal("Thank you: your order is complete", page.QuerySelector("h1")!.TextContent);
        }

        listening.Dispose();
        Assert.Equal(OrderStatus.Completed, (await site.OrderForSessionAsync(sessionId)).Status);
        Assert.NotEmpty(counted);
        Assert.All(counted, count => Assert.Equal(0, count)); // never told while the emptied cart was still uncommitted
        Assert.DoesNotContain("Cart (", await member.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhooks_WithABadOrOldSignature_Answer400_AndChangeNothing()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var payload = StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId));

        using var wrongSecret = await site.DeliverAsync(payload, StripeStandIn.Sign(payload, "whsec_someone_else"));
        using var tampered = await site.DeliverAsync(payload.Replace("\"paid\"", "\"PAID\"", StringComparison.Ordinal), StripeStandIn.Sign(payload));
        using var old = await site.DeliverAsync(payload, StripeStandIn.Sign(payload, at: DateTimeOffset.UtcNow.AddMinutes(-10)));
        using var missing = await site.DeliverAsync(payload, "");

        Assert.All(new[] { wrongSecret, tampered, old, missing }, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal(OrderStatus.Pending, (await site.OrderForSessionAsync(sessionId)).Status);
    }

    [Fact]
    public async Task TheSameCompletedEvent_FiveTimesInParallel_FulfilsOnce_WithOneMail()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var payload = StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "five-times@example.org"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => site.DeliverAsync(payload)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "five-times@example.org")));
        Assert.Equal(1, await site.WithDbAsync(db => db.DownloadGrants.CountAsync(g => g.OrderId == order.Id)));
        Assert.Equal(1, await site.WithDbAsync(db => db.OrderEvents.CountAsync(e => e.OrderId == order.Id && e.Kind == "Completed")));
        var mail = await site.Mail.WaitForAsync("five-times@example.org");
        Assert.Equal($"Your order {order.Number}", mail.Subject);
        Assert.Contains(order.Number, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("$9.99", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"/orders/{order.Number}/download/", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DifferentEventsForOneSession_InParallel_StillFulfilOnce()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var session = site.Stripe.Complete(sessionId, email: "parallel-events@example.org");
        var payloads = Enumerable.Range(0, 4).Select(_ => StripeStandIn.Event("checkout.session.completed", session)) // four ids, one session
            .Append(StripeStandIn.Event("checkout.session.async_payment_succeeded", session));

        var responses = await Task.WhenAll(payloads.Select(p => site.DeliverAsync(p)));
        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "parallel-events@example.org")));
    }

    [Fact]
    public async Task EventsOutOfOrder_NeverMoveAnOrderBackwards()
    {
        // A delayed-payment checkout: completed (unpaid) → processing; the payment clears; then the old events arrive again.
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var unpaid = site.Stripe.Complete(sessionId, paid: false);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", unpaid)))
        {
        }

        Assert.Equal(OrderStatus.PaymentProcessing, (await site.OrderForSessionAsync(sessionId)).Status);
        var paid = site.Stripe.MarkPaid(sessionId);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.async_payment_succeeded", paid)))
        {
        }

        Assert.Equal(OrderStatus.Completed, (await site.OrderForSessionAsync(sessionId)).Status);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", unpaid)))
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.async_payment_failed", unpaid)))
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.expired", site.Stripe.Expire(sessionId))))
        {
        }

        Assert.Equal(OrderStatus.Completed, (await site.OrderForSessionAsync(sessionId)).Status);
    }

    [Fact]
    public async Task AnExpiredCheckout_CancelsTheOrder_AndAFailedDelayedPaymentToo()
    {
        var expiring = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.expired", site.Stripe.Expire(expiring))))
        {
        }

        var expired = await site.OrderForSessionAsync(expiring);
        Assert.Equal(OrderStatus.Cancelled, expired.Status);
        Assert.NotNull(expired.CancelledAt);

        var failing = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(failing, paid: false))))
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.async_payment_failed", site.Stripe.Session(failing))))
        {
        }

        Assert.Equal(OrderStatus.Cancelled, (await site.OrderForSessionAsync(failing)).Status);
    }

    [Fact]
    public async Task AnEventRepeated_Answers200_WithNoEffect()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var payload = StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "repeat@example.org"));
        using (await site.DeliverAsync(payload))
        {
        }

        using var again = await site.DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var eventId = System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("id").GetString();
        Assert.Equal(1, await site.WithDbAsync(db => db.StripeEvents.CountAsync(e => e.Id == eventId)));
        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "repeat@example.org")));
    }

    [Fact]
    public async Task AMissedWebhook_IsRecoveredByTheSuccessPage()
    {
        var client = site.CreateBrowserClient();
        var sessionId = await client.StartCheckoutAsync(ShopSteps.Ebook);
        site.Stripe.Complete(sessionId, email: "success-page@example.org");

        var page = await client.GetDocumentAsync($"/checkout/success?session_id={sessionId}");

        Assert.Equal("Thank you: your order is complete", page.QuerySelector("h1")!.TextContent);
        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(OrderStatus.Completed, order.Status);
        Assert.Equal(order.Number, page.QuerySelector("#order-number")!.TextContent);
        Assert.Contains(await site.WithDbAsync(db => db.OrderEvents.Where(e => e.OrderId == order.Id).Select(e => e.Actor).ToListAsync()), a => a == "success page");

        // The webhook arriving afterwards changes nothing.
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Session(sessionId))))
        {
        }

        Assert.Equal(1, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.ToAddress == "success-page@example.org")));
    }

    [Fact]
    public async Task AMissedWebhook_IsRecoveredByTheReconciliation_AndAnAbandonedCheckoutCancelled()
    {
        var paidSession = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var abandoned = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var stillOpen = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        site.Stripe.Complete(paidSession, email: "reconciled@example.org");
        site.Stripe.Expire(abandoned);
        var tenMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-10);
        await site.WithDbAsync(db => db.Orders.Where(o => o.StripeCheckoutSessionId == paidSession || o.StripeCheckoutSessionId == abandoned || o.StripeCheckoutSessionId == stillOpen)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.CreatedAt, tenMinutesAgo)));
        site.Stripe.Session(stillOpen); // still "open" at Stripe: the buyer may yet pay

        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrderReconciliation>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(OrderStatus.Completed, (await site.OrderForSessionAsync(paidSession)).Status);
        Assert.Equal(OrderStatus.Cancelled, (await site.OrderForSessionAsync(abandoned)).Status);
        Assert.Equal(OrderStatus.Pending, (await site.OrderForSessionAsync(stillOpen)).Status);
        await site.Mail.WaitForAsync("reconciled@example.org");
    }

    [Fact]
    public async Task APaidAmountThatDiffersFromTheOrder_IsHeldForStaff()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        var session = site.Stripe.Complete(sessionId, email: "mismatch@example.org", amountTotalOverride: 100);

        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", session)))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Contains("Paid $1.00", order.HoldReason, StringComparison.Ordinal);
        Assert.False(await site.WithDbAsync(db => db.DownloadGrants.AnyAsync(g => g.OrderId == order.Id)));
        var mail = await site.Mail.WaitForAsync("mismatch@example.org");
        Assert.Equal($"Your order {order.Number} is being reviewed", mail.Subject);
    }

    [Fact]
    public async Task APaperback_TakesFromStock_ChargesTheChosenShipping_AndWaitsToShip()
    {
        await site.SetStockAsync(ShopSteps.Paperback, 1000);
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, shippingRate: 1, email: "paper@example.org"))))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(OrderStatus.ToShip, order.Status);
        Assert.Equal(995, order.ShippingCents);
        Assert.Equal(order.SubtotalCents + 995, order.AmountPaidCents);
        Assert.Equal(("1 Clinic Way", "Portland", "OR", "US"), (order.ShippingLine1, order.ShippingCity, order.ShippingState, order.ShippingCountry));
        Assert.Equal(999, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Stock).SingleAsync()));
    }

    [Fact]
    public async Task AnOrderThatWouldOversell_IsHeld_AndStockIsLeftAlone()
    {
        await site.SetStockAsync(ShopSteps.Paperback, 1);
        var client = site.CreateBrowserClient();
        using (await client.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        var cart = await client.GetDocumentAsync("/cart");
        cart.QuerySelector("form.quantity-form")!.Id = "quantity";
        using (await client.SubmitAsync(cart, "#quantity", new Dictionary<string, string> { ["quantity"] = "2" }))
        {
        }

        using var checkout = await client.CheckoutAsync();
        var sessionId = checkout.Headers.Location!.AbsolutePath.Split('/').Last();
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId))))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        Assert.Equal(OrderStatus.OnHold, order.Status);
        Assert.Contains("2 of", order.HoldReason, StringComparison.Ordinal);
        Assert.Contains("1 in stock", order.HoldReason, StringComparison.Ordinal);
        Assert.Equal(1, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Stock).SingleAsync()));
        await site.SetStockAsync(ShopSteps.Paperback, 1000);
    }

    [Fact]
    public async Task ChargeRefunded_MarksTheOrderRefunded_AndEndsItsDownloads()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId, email: "refunded@example.org"))))
        {
        }

        var order = await site.OrderForSessionAsync(sessionId);
        var link = new Uri(Accounts.LinkIn(await site.Mail.WaitForAsync("refunded@example.org"), "/download/"));
        using (var before = await site.CreateBrowserClient().GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (await site.DeliverAsync(StripeStandIn.Event("charge.refunded", StripeStandIn.Charge(order.StripePaymentIntentId!, order.AmountPaidCents, order.AmountPaidCents))))
        {
        }

        var refunded = await site.OrderForSessionAsync(sessionId);
        Assert.Equal((OrderStatus.Refunded, order.AmountPaidCents), (refunded.Status, refunded.AmountRefundedCents));
        using var after = await site.CreateBrowserClient().GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task AnEventForAnUnknownOrder_IsNotMarkedHandled_SoARedeliveryCanStillMatch()
    {
        var payload = StripeStandIn.Event("charge.refunded", StripeStandIn.Charge("pi_unknown_to_this_site", 999, 999));
        using var response = await site.DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var eventId = System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("id").GetString();
        Assert.False(await site.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Id == eventId)));
    }

    [Fact]
    public async Task ASubscriptionCheckout_IsNotTheShops_AndIsRecordedAsHandledWithoutTouchingAnOrder()
    {
        // A membership's Checkout Session (ADR 0015) whose reference happens to be an order's id: the shop must not take it.
        var client = site.CreateBrowserClient();
        var sessionId = await client.StartCheckoutAsync(ShopSteps.Ebook);
        var orderId = await site.WithDbAsync(db => db.Orders.Where(o => o.StripeCheckoutSessionId == sessionId).Select(o => o.Id).SingleAsync());
        var session = new System.Text.Json.Nodes.JsonObject
        {
            ["id"] = "cs_subscription_test",
            ["object"] = "checkout.session",
            ["mode"] = "subscription",
            ["status"] = "complete",
            ["payment_status"] = "paid",
            ["client_reference_id"] = orderId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var payload = StripeStandIn.Event("checkout.session.completed", session);

        using var response = await site.DeliverAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var eventId = System.Text.Json.JsonDocument.Parse(payload).RootElement.GetProperty("id").GetString();
        Assert.True(await site.WithDbAsync(db => db.StripeEvents.AnyAsync(e => e.Id == eventId)));
        Assert.Equal(sessionId, await site.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.StripeCheckoutSessionId).SingleAsync()));
        Assert.Equal(OrderStatus.Pending, await site.WithDbAsync(db => db.Orders.Where(o => o.Id == orderId).Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task CheckingOutAgain_ExpiresTheEarlierCheckoutOfTheSameCart()
    {
        var client = site.CreateBrowserClient();
        var first = await client.StartCheckoutAsync(ShopSteps.Ebook);
        using var again = await client.CheckoutAsync();
        var second = again.Headers.Location!.AbsolutePath.Split('/').Last();

        Assert.NotEqual(first, second);
        Assert.Equal("expired", site.Stripe.Session(first)["status"]!.GetValue<string>());
        Assert.Equal(OrderStatus.Cancelled, (await site.OrderForSessionAsync(first)).Status);
        Assert.Equal(OrderStatus.Pending, (await site.OrderForSessionAsync(second)).Status);
    }

    [Fact]
    public async Task TheReconciliation_CancelsAnOrderWhoseSessionStripeDoesNotKnow()
    {
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Ebook);
        await site.WithDbAsync(db => db.Orders.Where(o => o.StripeCheckoutSessionId == sessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.StripeCheckoutSessionId, "cs_test_made_with_other_keys").SetProperty(o => o.CreatedAt, DateTimeOffset.UtcNow.AddMinutes(-10))));

        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<OrderReconciliation>().RunAsync(CancellationToken.None);
        }

        Assert.Equal(OrderStatus.Cancelled, (await site.OrderForSessionAsync("cs_test_made_with_other_keys")).Status);
    }

    [Fact]
    public async Task WhenStripeDoesNotAnswer_TheBuyerIsToldAndTheCartIsKept()
    {
        var client = site.CreateBrowserClient();
        using (await client.AddToCartAsync(ShopSteps.Ebook))
        {
        }

        site.Stripe.Outage = TimeSpan.Zero;
        try
        {
            using var checkout = await client.CheckoutAsync();
            Assert.Equal(HttpStatusCode.Redirect, checkout.StatusCode);
            var cart = await client.GetDocumentAsync("/cart");
            Assert.Equal("The payment service did not answer. Nothing was charged and your cart is kept; please try again in a minute.", cart.QuerySelector("[role=alert]")!.TextContent);
            Assert.NotNull(cart.QuerySelector("#cart-subtotal"));
        }
        finally
        {
            site.Stripe.Outage = null;
        }

        using var retried = await client.CheckoutAsync();
        Assert.Equal(HttpStatusCode.SeeOther, retried.StatusCode);
    }
}
