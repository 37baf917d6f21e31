using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Admin;

public sealed record DashboardViewModel(NewsCounts News, SubscriberCounts Subscribers, OrderCounts? Orders, string? ShopProblem, IReadOnlyList<AuditEntry> RecentActivity);

/// <summary>The staff dashboard. Every staff page is for Admin and Editor only, checked here on the server.</summary>
[Authorize(Policy = Policies.Staff)]
[Route("admin")]
public sealed class AdminController(
    ArticleAdminService articles, SubscriberAdministration subscribers, OrderAdministration orders, IOptions<StripeOptions> stripe, AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var recent = User.IsInRole(Roles.Admin)
            ? await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(cancellationToken)
            : [];
        var isAdmin = User.IsInRole(Roles.Admin);
        return View(new DashboardViewModel(await articles.CountsAsync(cancellationToken), await subscribers.CountsAsync(cancellationToken),
            isAdmin ? await orders.CountsAsync(cancellationToken) : null, ShopProblem(stripe.Value), recent));
    }

    /// <summary>Why the shop cannot take (or settle) orders, in words staff can pass on to whoever runs the server.</summary>
    private static string? ShopProblem(StripeOptions options)
    {
        if (StripeGateway.Unavailable(options) is { } reason)
        {
            return $"Ordering is off: {reason} Set it (and Stripe:WebhookSecret) in the server's environment.";
        }

        return string.IsNullOrWhiteSpace(options.WebhookSecret)
            ? "Stripe:WebhookSecret is not set: Stripe's webhooks are refused, so paid orders are only settled by the success page and the reconciliation every few minutes."
            : null;
    }
}
