using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>A site whose Stripe is the local stand-in, with the ebook attached and paperbacks in stock.</summary>
public sealed class ShopSite : TestSite, IAsyncLifetime
{
    public StripeStandIn Stripe { get; private set; } = null!;

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
