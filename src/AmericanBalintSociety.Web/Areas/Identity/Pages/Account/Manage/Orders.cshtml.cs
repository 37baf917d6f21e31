using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Downloads;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>"My orders": the member's orders, and a fresh download link for a paid ebook.</summary>
[Authorize]
public sealed class OrdersModel(AppDbContext db, EbookDownloads downloads, SiteUrls urls) : PageModel
{
    public IReadOnlyList<Order> Orders { get; private set; } = [];

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        Orders = await db.Orders.AsNoTracking().Include(o => o.Lines)
            .Where(o => o.UserId == userId && o.Status != OrderStatus.Pending && o.Status != OrderStatus.Cancelled)
            .OrderByDescending(o => o.CreatedAt).Take(100).ToListAsync(cancellationToken);
    }

    /// <summary>A new link (7 days, 5 downloads) for one of the member's own ebook lines; the download starts at once.</summary>
    public async Task<IActionResult> OnPostDownloadAsync(string number, int lineId, CancellationToken cancellationToken)
    {
        var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        var link = userId is null ? null : await downloads.FreshLinkAsync(userId, number, lineId, urls.Base(Request), cancellationToken);
        if (link is null)
        {
            StatusMessage = "Error: that order has no ebook to download (it may have been refunded).";
            return RedirectToPage();
        }

        return Redirect(link.PathAndQuery);
    }

    public static bool CanDownload(Order order) => order.Status is OrderStatus.Completed or OrderStatus.ToShip or OrderStatus.Shipped;
}
