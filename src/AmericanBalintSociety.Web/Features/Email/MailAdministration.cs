using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>How many mails are in each state.</summary>
public sealed record MailCounts(int Pending, int Retrying, int Failed, int Sent, int Cancelled);

/// <summary>A queued mail as staff see it: never its body when it is account mail (a reset or confirmation link).</summary>
public sealed record MailRow(
    Guid Id, string To, string Subject, string? Category, OutboxStatus Status, int Attempts, string? LastError, DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt)
{
    /// <summary>Account mail (sign-in, reset and confirmation links) is never shown to staff.</summary>
    public bool BodyHidden => Category == "account";
}

/// <summary>
/// The outbox for staff (Admin only, issue 18): what is waiting, retrying or failed, with the last error; retry now or
/// cancel a mail, or all failed ones. Every action is audited. Staff see subjects and addresses, and the text of mail
/// other than account mail, whose links would let them act as the member.
/// </summary>
public sealed class MailAdministration(AppDbContext db, AuditLog audit, TimeProvider clock)
{
    public const int PageSize = 50;

    public async Task<MailCounts> CountsAsync(CancellationToken cancellationToken)
    {
        var byStatus = await db.OutboxMessages.AsNoTracking().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var retrying = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.Status == OutboxStatus.Pending && m.Attempts > 0, cancellationToken);
        int Of(OutboxStatus status) => byStatus.FirstOrDefault(s => s.Key == status)?.Count ?? 0;
        return new MailCounts(Of(OutboxStatus.Pending) - retrying, retrying, Of(OutboxStatus.Failed), Of(OutboxStatus.Sent), Of(OutboxStatus.Cancelled));
    }

    /// <summary>The mails waiting or failed (<paramref name="status"/> Pending or Failed), the ones due soonest or most recent first.</summary>
    public async Task<Paged<MailRow>> ListAsync(OutboxStatus status, int page, CancellationToken cancellationToken)
    {
        var mails = db.OutboxMessages.AsNoTracking().Where(m => m.Status == status);
        var total = await mails.CountAsync(cancellationToken);
        var ordered = status == OutboxStatus.Pending ? mails.OrderBy(m => m.NextAttemptAt) : mails.OrderByDescending(m => m.CreatedAt);
        var rows = await Project(ordered.Skip((page - 1) * PageSize).Take(PageSize)).ToListAsync(cancellationToken);
        return new Paged<MailRow>(rows, page, PageSize, total);
    }

    public Task<MailRow?> FindAsync(Guid id, CancellationToken cancellationToken) =>
        Project(db.OutboxMessages.AsNoTracking().Where(m => m.Id == id)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The plain-text body, unless it is account mail.</summary>
    public async Task<string?> TextOfAsync(Guid id, CancellationToken cancellationToken) =>
        await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id && (m.Category == null || m.Category != "account")).Select(m => m.TextBody).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Sends a waiting or failed mail at the next turn, with a fresh round of attempts.</summary>
    public async Task<Result> RetryAsync(Guid id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changed = await Changeable(id, now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        if (changed == 0)
        {
            return await UnchangedAsync(id, now, cancellationToken);
        }

        await RecordAsync(actor, "mail.retried", id.ToString(), cancellationToken);
        return Result.Success("The mail will be sent again in a moment.");
    }

    public async Task<Result> CancelAsync(Guid id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changed = await Changeable(id, now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Cancelled).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null)
                .SetProperty(m => m.NextAttemptAt, now), cancellationToken); // when it was cancelled: MailRetention counts from it
        if (changed == 0)
        {
            return await UnchangedAsync(id, now, cancellationToken);
        }

        await RecordAsync(actor, "mail.cancelled", id.ToString(), cancellationToken);
        return Result.Success("The mail was cancelled; it will not be sent.");
    }

    public async Task<Result> RetryAllFailedAsync(ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var changed = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, clock.GetUtcNow()).SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), cancellationToken);
        await RecordAsync(actor, "mail.retried", $"{changed} failed", cancellationToken);
        return Result.Success(changed == 1 ? "1 failed mail will be sent again." : $"{changed} failed mails will be sent again.");
    }

    public async Task<Result> CancelAllFailedAsync(ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var changed = await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Cancelled).SetProperty(m => m.NextAttemptAt, clock.GetUtcNow()), cancellationToken);
        await RecordAsync(actor, "mail.cancelled", $"{changed} failed", cancellationToken);
        return Result.Success(changed == 1 ? "1 failed mail was cancelled." : $"{changed} failed mails were cancelled.");
    }

    /// <summary>
    /// The mail, if it is waiting or failed and no dispatcher holds it. One that holds it is sending it at this moment
    /// and records the outcome afterwards: a retry would free it for a second dispatcher (the mail sent twice), and a
    /// cancel would be overwritten by "sent" or "failed".
    /// </summary>
    private IQueryable<OutboxMessage> Changeable(Guid id, DateTimeOffset now) =>
        db.OutboxMessages.Where(m => m.Id == id && (m.Status == OutboxStatus.Failed || m.Status == OutboxStatus.Pending)
            && (m.LockedUntil == null || m.LockedUntil < now));

    /// <summary>Why a retry or cancel changed nothing, as the row now stands.</summary>
    private async Task<Result> UnchangedAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.OutboxMessages.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Status, m.LockedUntil }).FirstOrDefaultAsync(cancellationToken);
        if (row is { Status: OutboxStatus.Pending, LockedUntil: { } heldUntil } && heldUntil >= now)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling((heldUntil - now).TotalMinutes));
            return Result.Failure($"A dispatcher is sending that mail, or stopped while sending it, and holds it for up to {minutes} more minute{(minutes == 1 ? "" : "s")}. Nothing was changed; try again after that.");
        }

        return row?.Status is OutboxStatus.Sent or OutboxStatus.Cancelled
            ? Result.Failure("That mail was sent or cancelled meanwhile; nothing was changed.")
            : Result.Failure("That mail changed meanwhile; nothing was changed. Look at it again.");
    }

    private async Task RecordAsync(ClaimsPrincipal actor, string action, string details, CancellationToken cancellationToken)
    {
        audit.Record(actor, action, "mail", details);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static IQueryable<MailRow> Project(IQueryable<OutboxMessage> mails) =>
        mails.Select(m => new MailRow(m.Id, m.ToAddress, m.Subject, m.Category, m.Status, m.Attempts, m.LastError, m.CreatedAt, m.NextAttemptAt, m.SentAt));
}
