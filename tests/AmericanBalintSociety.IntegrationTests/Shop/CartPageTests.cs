using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>The cart page as a buyer and an operator see it.</summary>
public sealed class CartPageTests
{
    [Fact]
    public async Task TheCartPage_IsNeverCached_AndLeavesNoWarningInTheLog()
    {
        var log = new LogCapture();
        await using var site = new TestSite { TestServices = services => services.AddSingleton<ILoggerProvider>(log) };
        await site.SetStockAsync(ShopSteps.Paperback, 5);
        var client = site.CreateBrowserClient();
        using (await client.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        var before = log.Entries.Count;
        using var cart = await client.GetAsync(new Uri("/cart", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
        Assert.True(cart.Headers.CacheControl!.NoStore);
        var page = await Html.ParseAsync(cart);
        Assert.NotNull(page.QuerySelector("form[action^='/cart/lines/'] input[name=__RequestVerificationToken]"));
        Assert.Empty(log.Entries.Skip(before).Where(e => e.Level >= LogLevel.Warning).Select(e => $"{e.Category}: {e.Message}"));
    }
}
