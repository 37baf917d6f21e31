using System.Security.Claims;

namespace AmericanBalintSociety.Web.Data.Auditing;

/// <summary>Adds audit entries to the caller's unit of work, so the record and the change commit together.</summary>
public sealed class AuditLog(AppDbContext db, TimeProvider clock)
{
    public void Record(ClaimsPrincipal actor, string action, string subject, string? details = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        Record(actor.FindFirstValue(ClaimTypes.NameIdentifier), actor.Identity?.Name ?? "system", action, subject, details);
    }

    /// <summary>An entry whose actor is not the signed-in principal (e.g. a sign-in attempt, a command).</summary>
    public void Record(string? actorId, string actor, string action, string subject, string? details = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            ActorId = actorId,
            Actor = actor is { Length: > 256 } ? actor[..256] : actor,
            Action = action,
            Subject = subject,
            Details = details is { Length: > 2000 } ? details[..2000] : details,
        });
    }
}
