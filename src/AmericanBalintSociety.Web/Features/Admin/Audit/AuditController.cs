using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Admin.Audit;

public sealed record AuditViewModel(Paged<AuditLine> Entries, string? Subject, string? SubjectName);

/// <summary>The audit log: who did what, when. Admin only.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/audit")]
public sealed class AuditController(AppDbContext db) : Controller
{
    private const int PageSize = 50;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? subject, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(subject))
        {
            entries = entries.Where(e => e.Subject == subject);
        }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        var words = new AuditWords(db);
        var lines = await words.LinesAsync(items, cancellationToken);
        string? subjectName = null;
        if (!string.IsNullOrWhiteSpace(subject))
        {
            subjectName = (await words.NamesAsync([subject], cancellationToken)).TryGetValue(subject, out var name) ? name : AuditWords.Readable(subject);
        }

        return View(new AuditViewModel(new Paged<AuditLine>(lines, page, PageSize, total), subject, subjectName));
    }
}
