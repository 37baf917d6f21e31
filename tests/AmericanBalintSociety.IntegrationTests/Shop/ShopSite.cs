using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Shop.Orders;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>A site whose Stripe is the local stand-in, with the ebook attached and paperbacks in stock.</summary>
public sealed class ShopSite : TestSite, IAsyncLifetime
{
    public StripeStandIn Stripe { get; private set; } = null!;

    /// <summary>A paid ebook order; returns its order and the download link from the confirmation mail.</summary>
    public async Task<(Order Order, string Link)> PaidEbookAsync(HttpClient client, string email)
    {
        var sessionId = await client.StartCheckoutAsync(ShopSteps.Ebook);
        using (await this.DeliverAsync(StripeStandIn.Event("checkout.session.completed", Stripe.Complete(sessionId, email: email))))
        {
        }

        var order = await this.OrderForSessionAsync(sessionId);
        var mail = await Eventually.ValueAsync(() => Mail.To(email).FirstOrDefault(m => m.Subject == $"Your order {order.Number}"), TimeSpan.FromSeconds(15), "no order mail");
        return (order, new Uri(Accounts.LinkIn(mail, "/download/")).PathAndQuery);
    }

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        Stripe.Configure(this);
        Settings["Stripe:Timeout"] = "00:00:03";
        Settings["Shop:ReconcileEnabled"] = "false"; // the tests run the reconciliation themselves
        await this.AttachEbookAsync();
        await this.SetStockAsync(ShopSteps.Paperback, 1000);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await DisposeAsync();
    }
}

/// <summary>A shop site whose clock the test moves (download links expire).</summary>
public sealed class ClockedShopSite : ClockedTestSite, IAsyncLifetime
{
    public StripeStandIn Stripe { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        Stripe.Configure(this);
        Settings["Shop:ReconcileEnabled"] = "false";
        Settings["MailingList:Sending:Enabled"] = "false";
        await this.AttachEbookAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await Stripe.DisposeAsync();
        await DisposeAsync();
    }
}
