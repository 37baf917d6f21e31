using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Shop;

/// <summary>Ebook downloads: the signed link's rules, and a fresh link from My orders.</summary>
public sealed class DownloadTests(ShopSite site) : IClassFixture<ShopSite>
{
    [Fact]
    public async Task ADownload_IsAnAttachmentNotCached_AndTheLinkAllowsFiveDownloads()
    {
        var (_, link) = await site.PaidEbookAsync(site.CreateBrowserClient(), "downloader-five@example.org");
        var anyone = site.CreateBrowserClient();
        for (var i = 0; i < 5; i++)
        {
            using var response = await anyone.GetAsync(new Uri(link, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
            Assert.EndsWith(".pdf", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName, StringComparison.Ordinal);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Equal(ShopSteps.PdfBytes, await response.Content.ReadAsByteArrayAsync());
        }

        using var sixth = await anyone.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, sixth.StatusCode);
    }

    [Fact]
    public async Task ALinkForAnotherOrder_OrAForgedOne_Answers404()
    {
        var (first, firstLink) = await site.PaidEbookAsync(site.CreateBrowserClient(), "first-buyer@example.org");
        var (second, _) = await site.PaidEbookAsync(site.CreateBrowserClient(), "second-buyer@example.org");
        var token = firstLink.Split('/').Last();

        using var otherOrder = await site.CreateBrowserClient().GetAsync(new Uri($"/orders/{second.Number}/download/{token}", UriKind.Relative));
        using var forged = await site.CreateBrowserClient().GetAsync(new Uri($"/orders/{first.Number}/download/{token[..^4]}AAAA", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, otherOrder.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, forged.StatusCode);
    }

    [Fact]
    public async Task MyOrders_ListsTheMembersOrders_AndGivesAFreshLink()
    {
        var member = await site.SignedInClientAsync("orders-member@example.org", role: null);
        var (order, link) = await site.PaidEbookAsync(member, "orders-member@example.org");
        await site.WithDbAsync(db => db.DownloadGrants.Where(g => g.OrderId == order.Id).ExecuteUpdateAsync(s => s.SetProperty(g => g.Downloads, 5)));
        using (var usedUp = await member.GetAsync(new Uri(link, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, usedUp.StatusCode);
        }

        var page = await member.GetDocumentAsync("/Identity/Account/Manage/Orders");
        Assert.Contains($"Order {order.Number}", page.QuerySelector("main h4")!.TextContent, StringComparison.Ordinal);
        var form = page.QuerySelector("form[action*='handler=Download']")!;
        form.Id = "fresh";
        using var fresh = await member.SubmitAsync(page, "#fresh", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, fresh.StatusCode);
        using var download = await member.GetAsync(fresh.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);

        // Someone else's order number gets no link.
        var stranger = await site.SignedInClientAsync("orders-stranger@example.org", role: null);
        var strangerPage = await stranger.GetDocumentAsync("/Identity/Account/Manage/Orders");
        using var denied = await stranger.SubmitAsync(strangerPage, "main form, form", new Dictionary<string, string> { ["number"] = order.Number, ["lineId"] = order.Lines[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["handler"] = "Download" });
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
        Assert.DoesNotContain("/download/", denied.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }
}
