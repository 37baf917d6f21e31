using System.Globalization;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.MailingList;

public sealed record SubscriberRow(
    int Id, string? Email, string? Name, SubscriberStatus Status, SubscriptionSource Source, string? SourceDetail,
    string? ConsentVersion, DateTimeOffset? ConsentedAt, DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? UnsubscribedAt);

public sealed record SubscriberCounts(int Pending, int Confirmed, int Unsubscribed, int Removed)
{
    public int Total => Pending + Confirmed + Unsubscribed;
}

/// <summary>Staff's view of the list: find, count, export, remove.</summary>
public sealed class SubscriberAdministration(AppDbContext db, AuditLog audit, TimeProvider clock, ILogger<SubscriberAdministration> logger)
{
    public const int PageSize = 25;

    public async Task<Paged<SubscriberRow>> SearchAsync(string? query, SubscriberStatus? status, int page, CancellationToken cancellationToken)
    {
        page = Math.Max(1, page);
        var rows = Filter(query, status);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderByDescending(s => s.Id).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(Projection).ToListAsync(cancellationToken);
        return new Paged<SubscriberRow>(items, page, PageSize, total);
    }

    public async Task<SubscriberCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var counts = await db.Subscribers.AsNoTracking().GroupBy(s => s.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        int Count(SubscriberStatus s) => counts.FirstOrDefault(c => c.Key == s)?.Count ?? 0;
        return new SubscriberCounts(Count(SubscriberStatus.Pending), Count(SubscriberStatus.Confirmed), Count(SubscriberStatus.Unsubscribed), Count(SubscriberStatus.Removed));
    }

    public Task<SubscriberRow?> GetAsync(int id, CancellationToken cancellationToken) =>
        db.Subscribers.AsNoTracking().Where(s => s.Id == id && s.Status != SubscriberStatus.Removed).Select(Projection).FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Writes the list as CSV (removed subscribers have nothing left to export). Cells that a spreadsheet would run
    /// as a formula (=, +, -, @ …) are escaped. The export of personal data is itself audited.
    /// </summary>
    public async Task ExportAsync(TextWriter writer, string? query, SubscriberStatus? status, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        audit.Record(actor, "subscribers.exported", "subscribers", status is null ? "all" : status.ToString());
        await db.SaveChangesAsync(cancellationToken);

        // Cells a spreadsheet would run as a formula (= + - @ …) get a leading apostrophe (OWASP's advice).
        var writerOptions = CsvWriterOptions.Default with { Injection = CsvInjection.Escape };
        await using var csv = CsvWriter.Create(writer, writerOptions, true);
        csv.WriteHeader(ExportHeaders);
        await foreach (var s in Filter(query, status).OrderBy(s => s.Id).Select(Projection).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(s.Email);
            csv.WriteField(s.Name);
            csv.WriteField(StatusName(s.Status));
            csv.WriteField(s.ConsentVersion);
            csv.WriteField(s.Source.ToString());
            csv.WriteField(Iso(s.ConsentedAt));
            csv.WriteField(Iso(s.ConfirmedAt));
            csv.WriteField(Iso(s.UnsubscribedAt));
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    public static readonly string[] ExportHeaders = ["email", "name", "status", "consent_version", "source", "consented_at", "confirmed_at", "unsubscribed_at"];

    /// <summary>
    /// Removes a subscriber: address, name and tokens erased, mail still waiting to them deleted, and the address's hash
    /// kept so no import can add them again. Audited without the address.
    /// </summary>
    public async Task<bool> RemoveAsync(int id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var subscriber = await db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.Status != SubscriberStatus.Removed, cancellationToken);
        if (subscriber is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        await db.RunInTransactionAsync(async () =>
        {
            if (subscriber.Email is { } email)
            {
                // The list's own mail to the address (its history included), not the member's account or order mail;
                // a mail the dispatcher is handing over right now is left to it.
                await db.OutboxMessages
                    .Where(m => m.ToAddress == email && (m.Category == MailingListEmails.Category || m.Category!.StartsWith("newsletter:"))
                        && (m.LockedUntil == null || m.LockedUntil < now))
                    .ExecuteDeleteAsync(cancellationToken);
            }

            await SubscriberErasure.EraseAsync(db, subscriber.AddressHash, now, cancellationToken);
            audit.Record(actor, "subscriber.removed", $"subscriber:{id}");
            return true;
        }, cancellationToken);
        logger.LogInformation("Subscriber {SubscriberId} removed by staff", id);
        return true;
    }

    private IQueryable<Subscriber> Filter(string? query, SubscriberStatus? status)
    {
        var rows = db.Subscribers.AsNoTracking().Where(s => s.Status != SubscriberStatus.Removed);
        if (status is { } wanted)
        {
            rows = rows.Where(s => s.Status == wanted);
        }

        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = Like.Contains(query.Trim());
            rows = rows.Where(s => EF.Functions.Like(s.Email, pattern, Like.EscapeCharacter) || EF.Functions.Like(s.Name, pattern, Like.EscapeCharacter));
        }

        return rows;
    }

    private static readonly System.Linq.Expressions.Expression<Func<Subscriber, SubscriberRow>> Projection = s =>
        new SubscriberRow(s.Id, s.Email, s.Name, s.Status, s.Source, s.SourceDetail, s.ConsentVersion, s.ConsentedAt, s.CreatedAt, s.ConfirmedAt, s.UnsubscribedAt);

    /// <summary>The status as staff read it in lists and exports.</summary>
    public static string StatusName(SubscriberStatus status) => status switch
    {
        SubscriberStatus.Pending => "pending",
        SubscriberStatus.Confirmed => "confirmed",
        SubscriberStatus.Unsubscribed => "unsubscribed",
        _ => "removed",
    };

    private static string Iso(DateTimeOffset? moment) => moment?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
