using System.Globalization;
using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// The dated membership mails (issue 16): a reminder 30 and 7 days before the paid-through date (worded for automatic
/// renewal or not) and the lapse notice when the grace period is over. Each goes out once: a
/// <see cref="MembershipNotice"/> unique by membership, kind and paid-through date is written in the transaction that
/// queues the mail, so a second run, a restart or another instance sends nothing more, and a renewal (a new date) starts
/// afresh. A member who is already within 7 days when first seen gets only the 7-day reminder.
/// </summary>
public sealed class MembershipReminders(
    AppDbContext db, MembershipDues dues, MembershipEmails emails, TimeProvider clock, IOptions<MembershipOptions> options, ILogger<MembershipReminders> logger)
{
    /// <summary>How long after lapsing a member is still told: a membership that lapsed long before the site sent notices is left alone.</summary>
    private static readonly TimeSpan LapseNoticeWindow = TimeSpan.FromDays(60);

    /// <summary>Returns how many mails were queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.GracePeriod;
        var sent = 0;

        var in30 = now.AddDays(30);
        var dueSoon = await db.Memberships.AsNoTracking()
            .Where(m => m.Kind == MembershipKind.Paid && m.UserId != null && m.PaidThrough != null && m.PaidThrough > now && m.PaidThrough <= in30)
            .Select(m => new Candidate(m.Id, m.PaidThrough!.Value))
            .ToListAsync(cancellationToken);
        var sentBefore = await SentAsync(dueSoon, [MembershipNotice.Reminder30, MembershipNotice.Reminder7], cancellationToken);
        foreach (var membership in dueSoon)
        {
            var daysLeft = (int)Math.Ceiling((membership.PaidThrough - now).TotalDays);
            var kind = daysLeft <= 7 ? MembershipNotice.Reminder7 : MembershipNotice.Reminder30;
            if (!sentBefore.Contains((membership.Id, kind, Key(membership.PaidThrough)))
                && await SendOnceAsync(membership.Id, kind, membership.PaidThrough, m => ReminderAsync(m, daysLeft, cancellationToken), cancellationToken))
            {
                sent++;
            }
        }

        var lapsedSince = now - grace;
        var noticeFrom = lapsedSince - LapseNoticeWindow;
        var lapsed = await db.Memberships.AsNoTracking()
            .Where(m => m.Kind == MembershipKind.Paid && m.UserId != null && m.PaidThrough != null && m.PaidThrough <= lapsedSince && m.PaidThrough > noticeFrom)
            .Select(m => new Candidate(m.Id, m.PaidThrough!.Value))
            .ToListAsync(cancellationToken);
        var lapseNoticesSent = await SentAsync(lapsed, [MembershipNotice.Lapsed], cancellationToken);
        foreach (var membership in lapsed)
        {
            if (!lapseNoticesSent.Contains((membership.Id, MembershipNotice.Lapsed, Key(membership.PaidThrough)))
                && await SendOnceAsync(membership.Id, MembershipNotice.Lapsed, membership.PaidThrough, m => LapsedAsync(m, cancellationToken), cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private sealed record Candidate(int Id, DateTimeOffset PaidThrough);

    /// <summary>The notices already sent to these memberships, in one query: every run passes over them without a transaction each.</summary>
    private async Task<HashSet<(int, string, string)>> SentAsync(List<Candidate> candidates, string[] kinds, CancellationToken cancellationToken)
    {
        var ids = candidates.Select(c => c.Id).ToList();
        var rows = new HashSet<(int, string, string)>();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var n in await db.MembershipNotices.AsNoTracking().Where(n => chunk.Contains(n.MembershipId) && kinds.Contains(n.Kind))
                .Select(n => new { n.MembershipId, n.Kind, n.Key }).ToListAsync(cancellationToken))
            {
                rows.Add((n.MembershipId, n.Kind, n.Key));
            }
        }

        return rows;
    }

    private static string Key(DateTimeOffset paidThrough) => paidThrough.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private async Task<bool> ReminderAsync(SocietyMembership membership, int days, CancellationToken cancellationToken)
    {
        if (await dues.MailContextAsync(membership, cancellationToken) is not { } member)
        {
            return false;
        }

        emails.Reminder(member, days);
        return true;
    }

    private async Task<bool> LapsedAsync(SocietyMembership membership, CancellationToken cancellationToken)
    {
        if (await dues.MailContextAsync(membership, cancellationToken) is not { } member)
        {
            return false;
        }

        emails.Lapsed(member);
        return true;
    }

    /// <summary>
    /// Writes the notice and queues its mail in one transaction, unless the notice exists; a notice written by another
    /// instance at the same moment makes this one's insert fail on the unique index, and nothing is sent twice.
    /// </summary>
    private async Task<bool> SendOnceAsync(int membershipId, string kind, DateTimeOffset paidThrough, Func<SocietyMembership, Task<bool>> mail, CancellationToken cancellationToken)
    {
        var key = Key(paidThrough);
        try
        {
            return await db.RunInTransactionAsync(async () =>
            {
                if (await db.MembershipNotices.AnyAsync(n => n.MembershipId == membershipId && n.Kind == kind && n.Key == key, cancellationToken))
                {
                    return false;
                }

                var membership = await db.Memberships.AsNoTracking().FirstAsync(m => m.Id == membershipId, cancellationToken);
                if (membership.PaidThrough != paidThrough)
                {
                    return false; // renewed (or changed) since it was read: the next run sees the new date
                }

                // No address to write to (or no site address for the links): no notice either, so a later run can still send it.
                if (!await mail(membership))
                {
                    return false;
                }

                db.MembershipNotices.Add(new MembershipNotice { MembershipId = membershipId, Kind = kind, Key = key, SentAt = clock.GetUtcNow() });
                return true;
            }, cancellationToken);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            logger.LogInformation("Membership {MembershipId}: the {Kind} notice was written by another run; not sent again", membershipId, kind);
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
