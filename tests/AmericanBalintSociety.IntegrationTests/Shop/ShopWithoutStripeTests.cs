using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;

namespace AmericanBalintSociety.IntegrationTests.Shop;

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
