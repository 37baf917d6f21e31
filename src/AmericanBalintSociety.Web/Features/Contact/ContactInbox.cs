using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Contact;

public sealed record ContactMessageRow(int Id, DateTimeOffset ReceivedAt, string Name, string Email, ContactTopic Topic, ContactMessageStatus Status, string Preview);

public sealed record ContactCounts(int New, int Answered, int Spam);

/// <summary>
/// What staff do with the contact form's messages: list by status, read, mark answered or spam, delete. Deleting a
/// message deletes the mail that carried it too (it holds the same text), and so does the housekeeping.
/// </summary>
public sealed class ContactInbox(AppDbContext db, AuditLog audit, TimeProvider clock, IOptions<ContactOptions> options)
{
    public const int PageSize = 25;

    public async Task<ContactCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var counts = await db.ContactMessages.AsNoTracking().GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Of(ContactMessageStatus status) => counts.FirstOrDefault(c => c.Status == status)?.Count ?? 0;
        return new ContactCounts(Of(ContactMessageStatus.New), Of(ContactMessageStatus.Answered), Of(ContactMessageStatus.Spam));
    }

    public async Task<Paged<ContactMessageRow>> ListAsync(ContactMessageStatus status, int page, CancellationToken cancellationToken)
    {
        var messages = db.ContactMessages.AsNoTracking().Where(m => m.Status == status);
        var total = await messages.CountAsync(cancellationToken);
        var rows = await messages
            .OrderByDescending(m => m.ReceivedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(cancellationToken);
        return new Paged<ContactMessageRow>(
            [.. rows.Select(m => new ContactMessageRow(m.Id, m.ReceivedAt, m.Name, m.Email, m.Topic, m.Status, Preview(m.Message)))], page, PageSize, total);
    }

    public Task<ContactMessage?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.ContactMessages.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);

    public async Task<bool> MarkAsync(int id, ContactMessageStatus status, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var message = await db.ContactMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return false;
        }

        message.Status = status;
        message.StatusChangedAt = clock.GetUtcNow();
        message.StatusChangedBy = actor.Identity?.Name;
        audit.Record(actor, $"contact.{status.ToString().ToLowerInvariant()}", $"contact:{id}", $"message from {message.Email} marked {status}");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<bool> DeleteAsync(int id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var message = await db.ContactMessages.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return false;
        }

        await RemoveAsync([message], cancellationToken);
        audit.Record(actor, "contact.deleted", $"contact:{id}", $"message of {DayOf(message.ReceivedAt)} deleted");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Housekeeping: deletes the messages older than <see cref="ContactOptions.RetentionMonths"/>, and their mails.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddMonths(-options.Value.RetentionMonths);
        var deleted = 0;
        while (true)
        {
            var expired = await db.ContactMessages.Where(m => m.ReceivedAt < cutoff).OrderBy(m => m.Id).Take(200).ToListAsync(cancellationToken);
            if (expired.Count == 0)
            {
                return deleted;
            }

            await RemoveAsync(expired, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            deleted += expired.Count;
        }
    }

    /// <summary>Marks the messages and the mails that carried them for deletion (saved by the caller).</summary>
    internal async Task RemoveAsync(IReadOnlyCollection<ContactMessage> messages, CancellationToken cancellationToken)
    {
        var mailIds = messages.Select(m => m.OutboxMessageId).OfType<Guid>().ToList();
        if (mailIds.Count > 0)
        {
            db.OutboxMessages.RemoveRange(await db.OutboxMessages.Where(o => mailIds.Contains(o.Id)).ToListAsync(cancellationToken));
        }

        db.ContactMessages.RemoveRange(messages);
    }

    private static string Preview(string message) => message.Length <= 120 ? message : string.Concat(message.AsSpan(0, 119), "…");

    private static string DayOf(DateTimeOffset moment) => moment.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
