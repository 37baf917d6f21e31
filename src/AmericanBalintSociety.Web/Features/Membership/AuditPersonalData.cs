using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The audit entries the member's own actions wrote, or that were about their account.</summary>
public sealed class AuditPersonalData(AppDbContext db) : IPersonalDataSource
{
    public string Section => "activity";

    public async Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var subject = AccountSubjects.For(user.Id);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorId == user.Id || e.Subject == subject)
            .OrderBy(e => e.Id)
            .Select(e => new { e.At, e.Actor, e.Action, e.Subject, e.Details })
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The log keeps what was done (staff changes must stay accountable) but no longer says by whom:
    /// the actor's address is replaced, and entries about the account lose their details.
    /// </summary>
    public async Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var subject = AccountSubjects.For(user.Id);
        await db.AuditEntries.Where(e => e.ActorId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Actor, AccountSubjects.DeletedActor), cancellationToken);
        await db.AuditEntries.Where(e => e.Subject == subject && e.Details != null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Details, (string?)null), cancellationToken);
    }
}
