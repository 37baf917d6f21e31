using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Admin;

public sealed record DashboardViewModel(NewsCounts News, SubscriberCounts Subscribers, IReadOnlyList<AuditEntry> RecentActivity);

/// <summary>The staff dashboard. Every staff page is for Admin and Editor only, checked here on the server.</summary>
[Authorize(Policy = Policies.Staff)]
[Route("admin")]
public sealed class AdminController(ArticleAdminService articles, SubscriberAdministration subscribers, AppDbContext db) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var recent = User.IsInRole(Roles.Admin)
            ? await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Id).Take(10).ToListAsync(cancellationToken)
            : [];
        return View(new DashboardViewModel(await articles.CountsAsync(cancellationToken), await subscribers.CountsAsync(cancellationToken), recent));
    }
}
