using System.Diagnostics;
using System.Net;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>
/// A hung Stripe (issue 18): each call to Stripe, its retries included, ends within <c>Stripe:TotalTimeout</c>, so the
/// buyer gets the site's own "try again" page before a reverse proxy gives up on the request.
/// </summary>
public sealed class StripeBudgetTests
{
    [Fact]
    public async Task WhenStripeHangs_TheCheckoutGivesUpWithinItsBudget_AndTheBuyerGetsTheSitesOwnMessage()
    {
        await using var stripe = await StripeStandIn.StartAsync();
        await using var site = new TestSite();
        stripe.Configure(site);
        site.Settings["Stripe:Timeout"] = "00:00:02"; // one try; Stripe.net makes up to three, with pauses between
        site.Settings["Stripe:TotalTimeout"] = "00:00:03";
        site.Settings["Shop:ReconcileEnabled"] = "false";
        await site.AttachEbookAsync();
        var client = site.CreateBrowserClient();
        using (await client.AddToCartAsync(ShopSteps.Ebook))
        {
        }

        stripe.Outage = TimeSpan.FromSeconds(8); // every call hangs well past a try's timeout
        var watch = Stopwatch.StartNew();
        using var checkout = await client.CheckoutAsync();
        watch.Stop();
        stripe.Outage = null;

        Assert.Equal(HttpStatusCode.Redirect, checkout.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5.5), $"the checkout took {watch.Elapsed.TotalSeconds:N1} s; three tries unbounded take over 6 s");
        var cart = await client.GetDocumentAsync("/cart");
        Assert.Equal("The payment service did not answer. Nothing was charged and your cart is kept; please try again in a minute.", cart.QuerySelector("[role=alert]")!.TextContent);
    }
}
