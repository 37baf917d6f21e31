using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Shop.Orders;

namespace AmericanBalintSociety.IntegrationTests.Shop;

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
