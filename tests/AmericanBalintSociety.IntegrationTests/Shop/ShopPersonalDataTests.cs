using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Shop.Orders;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>A buyer's orders in 'download my data', and what deleting the account keeps.</summary>
public sealed class ShopPersonalDataTests(ShopSite site) : IClassFixture<ShopSite>
{
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
    public async Task MyData_IncludesOrders_AndDeletingTheAccountKeepsTheOrderWithoutTheBuyer()
    {
        await site.RegisterAndConfirmAsync("order-data@example.org", name: "Order Data");
        var client = site.CreateBrowserClient();
        using (await client.SignInAsync("order-data@example.org", Accounts.StrongPassword))
        {
        }

        var (order, _) = await site.PaidEbookAsync(client, "order-data@example.org");
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
