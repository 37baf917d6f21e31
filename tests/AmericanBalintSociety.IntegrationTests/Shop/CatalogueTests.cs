using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>Staff's catalogue: prices, stock and the ebook file, from the page and the command.</summary>
public sealed class CatalogueTests(ShopSite site) : IClassFixture<ShopSite>
{
    [Fact]
    public async Task SavingAFormatWhileCopiesSell_DoesNotPutTheSoldCopiesBack()
    {
        await site.SetStockAsync(ShopSteps.Paperback, 50);
        var admin = await site.SignedInClientAsync("stock-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/catalog");
        var paperbackId = await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Paperback).Select(f => f.Id).SingleAsync());

        // A sale takes a copy while the page is open.
        var sessionId = await site.CreateBrowserClient().StartCheckoutAsync(ShopSteps.Paperback);
        using (await site.DeliverAsync(StripeStandIn.Event("checkout.session.completed", site.Stripe.Complete(sessionId))))
        {
        }

        // Staff change only the price: the stock is left as the sale made it.
        using var price = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{paperbackId}']", new Dictionary<string, string> { ["Format.Price"] = "14.50", ["Format.Stock"] = "50", ["Format.IsActive"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, price.StatusCode);
        Assert.Equal(49, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Id == paperbackId).Select(f => f.Stock).SingleAsync()));

        // Staff set a new figure over the one they saw, which the sale changed: refused, with the reason next to the field.
        page = await admin.GetDocumentAsync("/admin/catalog");
        await site.SetStockAsync(ShopSteps.Paperback, 48);
        using var stock = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{paperbackId}']", new Dictionary<string, string> { ["Format.Price"] = "14.50", ["Format.Stock"] = "100", ["Format.IsActive"] = "true" });
        var refused = await Html.ParseAsync(stock);
        Assert.Contains("Copies were sold while you had this page open", refused.QuerySelector($"#stock-{paperbackId}-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(48, await site.WithDbAsync(db => db.BookFormats.Where(f => f.Id == paperbackId).Select(f => f.Stock).SingleAsync()));
        await site.SetStockAsync(ShopSteps.Paperback, 1000);
    }

    [Fact]
    public async Task TheCatalogue_ChangesPrices_AndRefusesAnEbookThatIsNotAPdfOrEpub()
    {
        var admin = await site.SignedInClientAsync("catalog-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/catalog");
        var ebookId = await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Ebook).Select(f => f.Id).SingleAsync());

        using var bad = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{ebookId}']", new Dictionary<string, string> { ["Format.Price"] = "nine", ["Format.IsActive"] = "true" });
        var again = await Html.ParseAsync(bad);
        Assert.Equal("Enter the price in dollars and cents, e.g. 14.50.", again.QuerySelector($"#price-{ebookId}-error")!.TextContent);
        Assert.Equal("nine", again.QuerySelector($"#price-{ebookId}")!.GetAttribute("value"));

        using var good = await admin.SubmitAsync(page, $"form[action='/admin/catalog/formats/{ebookId}']", new Dictionary<string, string> { ["Format.Price"] = "12.00", ["Format.IsActive"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var book = await site.CreateBrowserClient().GetDocumentAsync("/book");
        Assert.Contains(book.QuerySelectorAll(".offer").Select(o => o.TextContent), o => o.Contains("Ebook", StringComparison.Ordinal) && o.Contains("$12.00", StringComparison.Ordinal));

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("<html>not a book</html>"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "book.pdf");
        using var refused = await admin.PostAsync(new Uri($"/admin/catalog/formats/{ShopSteps.Ebook}/ebook", UriKind.Relative), form);
        var refusedPage = await Html.ParseAsync(refused);
        Assert.Contains("is not a PDF or an EPUB", refusedPage.QuerySelector($"#file-{ebookId}-error")!.TextContent, StringComparison.Ordinal);
        await site.WithDbAsync(db => db.BookFormats.Where(f => f.Sku == ShopSteps.Ebook).ExecuteUpdateAsync(s => s.SetProperty(f => f.PriceCents, 999)));
    }

    [Fact]
    public async Task TheCatalogAttachCommand_AttachesAPdf_AndRefusesAnythingElse()
    {
        var pdf = Path.Combine(site.Directory, "command.pdf");
        var text = Path.Combine(site.Directory, "command.txt");
        await File.WriteAllBytesAsync(pdf, ShopSteps.PdfBytes);
        await File.WriteAllTextAsync(text, "plain text");

        var (okExit, okOutput, _) = await site.RunCommandAsync(null, "catalog", "attach", "--sku", ShopSteps.Ebook, "--file", pdf);
        var (badExit, _, badError) = await site.RunCommandAsync(null, "catalog", "attach", "--sku", ShopSteps.Ebook, "--file", text);

        Assert.Equal(0, okExit);
        Assert.Contains("attached", okOutput, StringComparison.Ordinal);
        Assert.Equal(1, badExit);
        Assert.Contains("not a PDF or an EPUB", badError, StringComparison.Ordinal);
    }
}
