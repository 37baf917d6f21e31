using System.Net;
using System.Text;
using AmericanBalintSociety.Web.Features.Shop.Catalog;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.TestSupport;

/// <summary>Shop steps taken as a buyer takes them (through the pages) and as Stripe takes them (signed webhooks).</summary>
public static class ShopSteps
{
    public const string Paperback = "RCCP-PB";
    public const string Ebook = "RCCP-EB";

    /// <summary>The smallest file that is a PDF by its bytes.</summary>
    public static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

    /// <summary>Presses "Add to cart" for the format on the book page.</summary>
    public static async Task<HttpResponseMessage> AddToCartAsync(this HttpClient client, string sku)
    {
        var page = await client.GetDocumentAsync("/book");
        var form = page.QuerySelectorAll("form[action='/cart/add']").FirstOrDefault(f => f.QuerySelector($"input[name=sku][value='{sku}']") is not null)
            ?? throw new InvalidOperationException($"No 'Add to cart' for {sku} on the book page");
        form.Id = "add-" + sku;
        return await client.SubmitAsync(page, "#add-" + sku, new Dictionary<string, string>());
    }

    /// <summary>Presses "Checkout" on the cart page; returns the answer (a 303 to Stripe when it worked).</summary>
    public static async Task<HttpResponseMessage> CheckoutAsync(this HttpClient client)
    {
        var cart = await client.GetDocumentAsync("/cart");
        return await client.SubmitAsync(cart, "form#checkout-form", new Dictionary<string, string>());
    }

    /// <summary>Adds the formats and checks out; returns the Stripe Checkout Session id the buyer was sent to.</summary>
    public static async Task<string> StartCheckoutAsync(this HttpClient client, params string[] skus)
    {
        ArgumentNullException.ThrowIfNull(skus);
        foreach (var sku in skus)
        {
            using var added = await client.AddToCartAsync(sku);
        }

        using var response = await client.CheckoutAsync();
        if (response.StatusCode != HttpStatusCode.SeeOther)
        {
            throw new InvalidOperationException($"Checkout answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return response.Headers.Location!.AbsolutePath.Split('/').Last();
    }

    /// <summary>Delivers a webhook as Stripe does: the raw JSON body and its <c>Stripe-Signature</c> header.</summary>
    public static async Task<HttpResponseMessage> DeliverAsync(this TestSite site, string payload, string? signature = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        using var client = site.RealAddress is { } real
            ? new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator }) { BaseAddress = real }
            : site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Stripe-Signature", signature ?? StripeStandIn.Sign(payload));
        return await client.SendAsync(request);
    }

    /// <summary>Attaches a small PDF to the ebook through the catalogue service (as the admin page and the command do).</summary>
    public static async Task AttachEbookAsync(this TestSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        await using var scope = site.Services.CreateAsyncScope();
        await using var stream = new MemoryStream(PdfBytes);
        var result = await scope.ServiceProvider.GetRequiredService<CatalogAdministration>()
            .AttachEbookAsync(Ebook, stream, stream.Length, "book.pdf", "test", null, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Message);
        }
    }

    public static Task SetStockAsync(this TestSite site, string sku, int stock)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == sku).ExecuteUpdateAsync(s => s.SetProperty(f => f.Stock, stock)));
    }

    public static Task<Order> OrderForSessionAsync(this TestSite site, string sessionId)
    {
        ArgumentNullException.ThrowIfNull(site);
        return site.WithDbAsync(db => db.Orders.AsNoTracking().Include(o => o.Lines).SingleAsync(o => o.StripeCheckoutSessionId == sessionId));
    }
}
