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
    private const int Batch = 200;

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
            .Select(m => new { m.Id, m.PaidThrough })
            .Take(Batch).ToListAsync(cancellationToken);
        foreach (var membership in dueSoon)
        {
            var daysLeft = (int)Math.Ceiling((membership.PaidThrough!.Value - now).TotalDays);
            var kind = daysLeft <= 7 ? MembershipNotice.Reminder7 : MembershipNotice.Reminder30;
            if (await SendOnceAsync(membership.Id, kind, membership.PaidThrough.Value, m => ReminderAsync(m, daysLeft, cancellationToken), cancellationToken))
            {
                sent++;
            }
        }

        var lapsedSince = now - grace;
        var noticeFrom = lapsedSince - LapseNoticeWindow;
        var lapsed = await db.Memberships.AsNoTracking()
            .Where(m => m.Kind == MembershipKind.Paid && m.UserId != null && m.PaidThrough != null && m.PaidThrough <= lapsedSince && m.PaidThrough > noticeFrom)
            .Select(m => new { m.Id, m.PaidThrough })
            .Take(Batch).ToListAsync(cancellationToken);
        foreach (var membership in lapsed)
        {
            if (await SendOnceAsync(membership.Id, MembershipNotice.Lapsed, membership.PaidThrough!.Value, m => LapsedAsync(m, cancellationToken), cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

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
        var key = paidThrough.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
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

                db.MembershipNotices.Add(new MembershipNotice { MembershipId = membershipId, Kind = kind, Key = key, SentAt = clock.GetUtcNow() });
                await mail(membership);
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
