using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>The cart across sign-in and its expiry.</summary>
public sealed class CartTests(ShopSite site) : IClassFixture<ShopSite>
{
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
    public async Task AMembersHeaderCount_FollowsEveryChangeOfTheirCart_AtOnce()
    {
        await site.AddMemberAsync("cart-count@example.org");
        var member = site.CreateBrowserClient();
        using (await member.SignInAsync("cart-count@example.org", Accounts.StrongPassword))
        {
        }

        async Task<string> HeaderAsync() => (await member.GetDocumentAsync("/news")).QuerySelector("summary.site-menu-button")!.TextContent;

        // The count is kept in memory between pages: each change must show on the very next page.
        Assert.DoesNotContain("Cart (", await HeaderAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("Cart (", await HeaderAsync(), StringComparison.Ordinal);
        using (await member.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        Assert.Contains("Cart (1", await HeaderAsync(), StringComparison.Ordinal);
        using (await member.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        Assert.Contains("Cart (2", await HeaderAsync(), StringComparison.Ordinal);
        var cart = await member.GetDocumentAsync("/cart");
        using (await member.SubmitAsync(cart, "form[action$='/remove']", new Dictionary<string, string>()))
        {
        }

        Assert.DoesNotContain("Cart (", await HeaderAsync(), StringComparison.Ordinal);
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
}
