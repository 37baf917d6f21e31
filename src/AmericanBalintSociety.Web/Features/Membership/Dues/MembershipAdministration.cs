using System.Globalization;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>What the staff's membership list filters by; every part optional.</summary>
public sealed record MembershipFilter(int? LevelId = null, MembershipStatus? Status = null, int? ExpiringWithinDays = null, bool? AutoRenew = null, int Page = 1);

/// <summary>One membership in the staff's list.</summary>
public sealed record MembershipRow(
    int Id, string? UserId, string? Email, string? Name, string Level, MembershipKind Kind, MembershipStatus Status, DateTimeOffset? Through, bool AutoRenew);

/// <summary>The dashboard's membership figures (issue 16).</summary>
/// <param name="ActiveByLevel">Active members (not those in grace) by level.</param>
/// <param name="RenewalsDueThisMonth">Paid memberships whose date falls between now and the end of the month.</param>
/// <param name="DaysLeftInMonth">Days from now to the end of the month (the list's "ending within" for the figure above).</param>
/// <param name="LapsedLast30Days">Paid memberships whose grace ended in the last 30 days.</param>
/// <param name="DuesReceivedThisMonthCents">Dues received this calendar month, less refunds.</param>
public sealed record MembershipFigures(
    IReadOnlyList<(int LevelId, string Level, int Count)> ActiveByLevel, int RenewalsDueThisMonth, int DaysLeftInMonth, int LapsedLast30Days,
    long DuesReceivedThisMonthCents);

/// <summary>A member's payments and the staff's notes, for their page in the admin.</summary>
public sealed record MembershipRecord(IReadOnlyList<MembershipPayment> Payments, IReadOnlyList<MemberNote> Notes, bool HasSubscription, bool AutoRenew);

/// <summary>
/// Staff's side of membership (issue 16): the list with its filters and CSV export, a member's payments and notes, an
/// offline payment (a cheque) that extends the paid-through date, cancelling automatic renewal at Stripe, refunding the
/// last payment through Stripe, and the dashboard's figures. Every change is audited on the member's account.
/// </summary>
public sealed class MembershipAdministration(
    AppDbContext db, StripeGateway stripe, MembershipDues dues, MembershipEmails emails, AuditLog audit, SiteTime time, TimeProvider clock,
    IOptions<MembershipOptions> options, ILogger<MembershipAdministration> logger)
{
    public const int PageSize = 50;
    public const long MaxOfflinePaymentCents = 10_000_00;

    public async Task<Paged<MembershipRow>> ListAsync(MembershipFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var page = Math.Max(1, filter.Page);
        var rows = Filter(filter);
        var total = await rows.CountAsync(cancellationToken);
        var items = await Project(rows.OrderBy(m => m.PaidThrough == null).ThenBy(m => m.PaidThrough).ThenBy(m => m.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return new Paged<MembershipRow>([.. items.Select(r => r.ToRow(now, options.Value.GracePeriod))], page, PageSize, total);
    }

    /// <summary>The memberships (as filtered) as CSV, formula cells escaped; audited (it holds members' details).</summary>
    public async Task ExportAsync(TextWriter writer, MembershipFilter filter, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        audit.Record(actor, "memberships.exported", "memberships", filter.Status?.ToString() ?? "all");
        await db.SaveChangesAsync(cancellationToken);
        var now = clock.GetUtcNow();
        await using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, true);
        csv.WriteHeader(["email", "name", "level", "kind", "status", "paid_through", "auto_renew"]);
        await foreach (var raw in Project(Filter(filter with { Page = 1 }).OrderBy(m => m.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var row = raw.ToRow(now, options.Value.GracePeriod);
            csv.WriteField(row.Email);
            csv.WriteField(row.Name);
            csv.WriteField(row.Level);
            csv.WriteField(row.Kind.ToString());
            csv.WriteField(row.Status.ToString());
            csv.WriteField(row.Through is { } through ? time.ToLocal(MembershipState.LastDay(through)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");
            csv.WriteField(row.AutoRenew ? "yes" : "no");
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private IQueryable<SocietyMembership> Filter(MembershipFilter filter)
    {
        var now = clock.GetUtcNow();
        var graceFrom = now - options.Value.GracePeriod;
        var memberships = db.Memberships.AsNoTracking();
        if (filter.LevelId is { } level)
        {
            memberships = memberships.Where(m => m.LevelId == level);
        }

        memberships = filter.Status switch
        {
            MembershipStatus.Pending => memberships.Where(m => m.Kind == MembershipKind.Paid && m.PaidThrough == null),
            MembershipStatus.Active => memberships.Where(m => m.Kind == MembershipKind.Paid ? m.PaidThrough > now : m.PaidThrough == null || m.PaidThrough > now),
            MembershipStatus.Grace => memberships.Where(m => m.Kind == MembershipKind.Paid && m.PaidThrough <= now && m.PaidThrough > graceFrom),
            MembershipStatus.Lapsed => memberships.Where(m => m.Kind == MembershipKind.Paid ? m.PaidThrough <= graceFrom : m.PaidThrough <= now),
            _ => memberships,
        };
        if (filter.ExpiringWithinDays is { } days and > 0)
        {
            var until = now.AddDays(days);
            memberships = memberships.Where(m => m.PaidThrough > now && m.PaidThrough <= until);
        }

        if (filter.AutoRenew is { } renew)
        {
            memberships = memberships.Where(m => m.AutoRenew == renew);
        }

        return memberships;
    }

    private static IQueryable<RawRow> Project(IQueryable<SocietyMembership> memberships) =>
        memberships.Select(m => new RawRow(m.Id, m.UserId, m.User!.Email, m.User.DisplayName, m.Level!.Name, m.Kind, m.PaidThrough, m.AutoRenew));

    private sealed record RawRow(int Id, string? UserId, string? Email, string? Name, string Level, MembershipKind Kind, DateTimeOffset? Through, bool AutoRenew)
    {
        public MembershipRow ToRow(DateTimeOffset now, TimeSpan grace) =>
            new(Id, UserId, Email, Name, Level, Kind, MembershipState.Of(Kind, Through, now, grace), Through, AutoRenew);
    }

    /// <summary>A member's payments (newest first) and the staff's notes about them.</summary>
    public async Task<MembershipRecord> RecordAsync(string userId, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.AsNoTracking().Include(m => m.Payments).FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        var notes = await db.MemberNotes.AsNoTracking().Where(n => n.UserId == userId).OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id)
            .Take(100).ToListAsync(cancellationToken);
        return new MembershipRecord([.. (membership?.Payments ?? []).OrderByDescending(p => p.PaidAt)], notes,
            membership?.StripeSubscriptionId is not null, membership?.AutoRenew ?? false);
    }

    /// <summary>
    /// Records dues paid outside Stripe (a cheque): a year from the paid-through date when the membership is current, or
    /// from the day received; the member is mailed a receipt. Refused while the dues renew by card (they would be paid
    /// twice) and while an honorary or complimentary membership is current.
    /// </summary>
    public async Task<Result> RecordOfflinePaymentAsync(
        ClaimsPrincipal actor, string userId, int levelId, long amountCents, DateOnly receivedOn, string? note, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(siteBase);
        if (amountCents is <= 0 or > MaxOfflinePaymentCents)
        {
            return Result.Invalid("amount", $"Enter the amount received, e.g. 150.00 (at most {Display.Money(MaxOfflinePaymentCents)}).");
        }

        var now = clock.GetUtcNow();
        var received = time.StartOfDay(receivedOn);
        if (received > now)
        {
            return Result.Invalid("receivedOn", "The day received cannot be in the future.");
        }

        if (!await db.MembershipLevels.AnyAsync(l => l.Id == levelId, cancellationToken))
        {
            return Result.Invalid("levelId", "Choose a membership level.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return Result.Failure("That account no longer exists.");
        }

        // A checkout the member still has open would pay for the same year: it is closed first.
        if (await db.Memberships.AsNoTracking().Where(m => m.UserId == userId && m.PendingCheckoutSessionId != null)
            .Select(m => new { m.Id, m.PendingCheckoutSessionId }).FirstOrDefaultAsync(cancellationToken) is { } open
            && await dues.CloseCheckoutAsync(open.Id, open.PendingCheckoutSessionId!, cancellationToken) is { } paidMeanwhile)
        {
            return Result.Failure(paidMeanwhile);
        }

        db.ChangeTracker.Clear();
        return await db.RunInTransactionAsync(async () =>
        {
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
            var status = membership is null ? MembershipStatus.Pending : MembershipState.Of(membership, now, options.Value.GracePeriod);
            if (membership is { StripeSubscriptionId: not null })
            {
                // Even one set to end at its period's end: the member could turn it back on and pay that year twice.
                return Result.Failure("This member has a card subscription at Stripe. Cancel the card renewal first, or the dues could be paid twice.");
            }

            if (membership is { Kind: not MembershipKind.Paid } && MembershipState.IsCurrent(status))
            {
                return Result.Failure($"This member has a current {membership.Kind.ToString().ToLowerInvariant()} membership. End it first to record dues.");
            }

            if (membership is null)
            {
                membership = new SocietyMembership { UserId = userId, CreatedAt = now };
                db.Memberships.Add(membership);
            }

            var start = membership is { Kind: MembershipKind.Paid, PaidThrough: { } through } && MembershipState.IsCurrent(status) && through > received ? through : received;
            var payment = new MembershipPayment
            {
                Membership = membership,
                AmountCents = amountCents,
                PaidAt = received,
                PeriodStart = start,
                PeriodEnd = start.AddYears(1),
                Note = string.IsNullOrWhiteSpace(note) ? $"Recorded by {actor.Identity?.Name}" : note.Trim(),
            };
            db.MembershipPayments.Add(payment);
            var wasCurrent = membership.Kind == MembershipKind.Paid && MembershipState.IsCurrent(status);
            membership.Kind = MembershipKind.Paid;
            membership.LevelId = levelId;
            membership.PaidThrough = payment.PeriodEnd;
            membership.SiteBase ??= siteBase.AbsoluteUri;
            membership.UpdatedAt = now;
            membership.Version++;
            var what = $"{Display.Money(amountCents)} received {receivedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}; paid through {time.Date(MembershipState.LastDay(payment.PeriodEnd))}";
            audit.Record(actor, "membership.offline-payment", AccountSubjects.For(userId), $"{what} ({payment.Note})");
            if (await dues.MailContextAsync(membership, cancellationToken) is { } member)
            {
                if (wasCurrent)
                {
                    emails.Renewed(member, payment);
                }
                else
                {
                    emails.Welcome(member, payment);
                }
            }

            return Result.Success($"Payment recorded: {what}.");
        }, cancellationToken);
    }

    /// <summary>Ends the member's automatic renewal at Stripe now; the membership runs to the date it is paid through.</summary>
    public async Task<Result> CancelRenewalAsync(ClaimsPrincipal actor, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var subscriptionId = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.StripeSubscriptionId).FirstOrDefaultAsync(cancellationToken);
        if (subscriptionId is null)
        {
            return Result.Failure("This member has no card renewal to cancel.");
        }

        var cancelled = await stripe.CancelSubscriptionAsync(subscriptionId, cancellationToken);
        if (cancelled.Failure is { } failure)
        {
            logger.LogError(failure.Exception, "Cancelling subscription {SubscriptionId} failed at Stripe: {Reason}", subscriptionId, failure.Message);
            return Result.Failure($"Stripe did not cancel the renewal ({failure.Message}). Nothing was changed.");
        }

        audit.Record(actor, "membership.renewal-cancelled", AccountSubjects.For(userId), $"Subscription {subscriptionId} cancelled at Stripe");
        await db.SaveChangesAsync(cancellationToken);
        await dues.ApplyAsync(new DuesNews(null, cancelled.Value, null), Actor(actor), cancellationToken);
        return Result.Success("The automatic renewal is cancelled at Stripe. The membership runs to the date it is paid through.");
    }

    /// <summary>
    /// Refunds the member's last payment in full: through Stripe for a card payment (once: the idempotency key is the
    /// payment's), recorded only for an offline one. The card renewal is cancelled (a failure is said, not hidden), and the
    /// membership is paid through the end of the latest payment not refunded, or through nothing (awaiting payment).
    /// </summary>
    public async Task<Result> RefundLastPaymentAsync(ClaimsPrincipal actor, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var membership = await db.Memberships.AsNoTracking().Include(m => m.Payments).FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        var payment = membership?.Payments.OrderByDescending(p => p.PaidAt).ThenByDescending(p => p.Id).FirstOrDefault();
        if (membership is null || payment is null)
        {
            return Result.Failure("This member has no payment to refund.");
        }

        if (payment.RefundedCents > 0)
        {
            return Result.Failure($"The last payment ({Display.Money(payment.AmountCents)} on {time.Date(payment.PaidAt)}) was refunded already.");
        }

        string? refundId = null;
        if (payment.StripePaymentIntentId is { } paymentIntent)
        {
            var refunded = await stripe.RefundAsync(new RefundCreateOptions
            {
                PaymentIntent = paymentIntent,
                Amount = payment.AmountCents,
                Metadata = new Dictionary<string, string> { [DuesNews.MembershipKey] = membership.Id.ToString(CultureInfo.InvariantCulture) },
            }, $"membership-refund-{payment.Id.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
            if (refunded.Failure is { } failure)
            {
                logger.LogError(failure.Exception, "Refund of membership payment {PaymentId} failed at Stripe: {Reason}", payment.Id, failure.Message);
                return Result.Failure($"Stripe did not make the refund ({failure.Message}). Nothing was changed.");
            }

            refundId = refunded.Value!.Id;
        }
        else if (payment.StripeInvoiceId is not null)
        {
            return Result.Failure("Stripe did not say which payment paid this invoice; refund it in Stripe's dashboard.");
        }

        var renewalNote = "";
        if (membership.StripeSubscriptionId is { } subscriptionId)
        {
            var cancelled = await stripe.CancelSubscriptionAsync(subscriptionId, cancellationToken);
            if (cancelled.Succeeded)
            {
                await dues.ApplyAsync(new DuesNews(null, cancelled.Value, null), Actor(actor), cancellationToken);
                renewalNote = " The card renewal is cancelled.";
            }
            else
            {
                logger.LogError(cancelled.Failure!.Exception, "After a refund, subscription {SubscriptionId} could not be cancelled: {Reason}", subscriptionId, cancelled.Failure.Message);
                renewalNote = $" But the card renewal could NOT be cancelled ({cancelled.Failure.Message}): press “Cancel the card renewal at Stripe”.";
            }
        }

        // Read afresh (a webhook may have changed the membership meanwhile) and retried on a concurrent change.
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            try
            {
                await db.RunInTransactionAsync(async () =>
                {
                    var row = await db.MembershipPayments.FirstAsync(p => p.Id == payment.Id, cancellationToken);
                    row.RefundedCents = row.AmountCents;
                    row.RefundedAt ??= clock.GetUtcNow();
                    row.StripeRefundId ??= refundId;
                    var tracked = await db.Memberships.FirstAsync(m => m.Id == membership.Id, cancellationToken);

                    // Paid through the end of what is still paid: the latest period of the payments not refunded, or nothing.
                    tracked.PaidThrough = await db.MembershipPayments
                        .Where(p => p.MembershipId == membership.Id && p.Id != row.Id && p.RefundedCents == 0)
                        .MaxAsync(p => (DateTimeOffset?)p.PeriodEnd, cancellationToken);
                    tracked.UpdatedAt = clock.GetUtcNow();
                    tracked.Version++;
                    audit.Record(actor, "membership.refunded", AccountSubjects.For(userId),
                        $"{Display.Money(row.AmountCents)} of {time.Date(row.PaidAt)} refunded{(refundId is null ? " (outside Stripe)" : $" ({refundId})")}");
                    return true;
                }, cancellationToken);
                break;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
            }
        }

        var through = (await db.Memberships.AsNoTracking().Where(m => m.Id == membership.Id).Select(m => m.PaidThrough).FirstAsync(cancellationToken)) is { } end
            ? $"The membership is now paid through {time.Date(MembershipState.LastDay(end))}."
            : "No dues remain paid: the membership is awaiting payment.";
        return Result.Success((refundId is null
            ? $"The refund of {Display.Money(payment.AmountCents)} is recorded (an offline payment: return it by cheque). "
            : $"{Display.Money(payment.AmountCents)} was refunded through Stripe. ") + through + renewalNote);
    }

    /// <summary>Adds a staff note about the member (audited).</summary>
    public async Task<Result> AddNoteAsync(ClaimsPrincipal actor, string userId, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MemberNote.TextMax)
        {
            return Result.Invalid("note", $"Write the note (at most {MemberNote.TextMax} characters).");
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return Result.Failure("That account no longer exists.");
        }

        db.MemberNotes.Add(new MemberNote { UserId = userId, Text = trimmed.ReplaceLineEndings("\n"), Author = Actor(actor), CreatedAt = clock.GetUtcNow() });
        audit.Record(actor, "member.note-added", AccountSubjects.For(userId));
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success("The note is added.");
    }

    /// <summary>Active members by level, renewals still due this month, lapsed in the last 30 days, dues received this month (site time).</summary>
    public async Task<MembershipFigures> FiguresAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var grace = options.Value.GracePeriod;
        var graceFrom = now - grace;
        var local = time.ToLocal(now);
        var monthStart = time.StartOfDay(new DateOnly(local.Year, local.Month, 1));
        var nextMonth = time.StartOfDay(new DateOnly(local.Year, local.Month, 1).AddMonths(1));

        var byLevel = await db.Memberships.AsNoTracking()
            .Where(m => m.Kind == MembershipKind.Paid ? m.PaidThrough > now : m.PaidThrough == null || m.PaidThrough > now)
            .GroupBy(m => new { m.LevelId, m.Level!.Name }).Select(g => new { g.Key.LevelId, Level = g.Key.Name, Count = g.Count() }).ToListAsync(cancellationToken);
        var due = await db.Memberships.AsNoTracking()
            .CountAsync(m => m.Kind == MembershipKind.Paid && m.PaidThrough > now && m.PaidThrough < nextMonth, cancellationToken);
        var lapsedFrom = graceFrom - TimeSpan.FromDays(30);
        var lapsed = await db.Memberships.AsNoTracking()
            .CountAsync(m => m.Kind == MembershipKind.Paid && m.PaidThrough > lapsedFrom && m.PaidThrough <= graceFrom, cancellationToken);
        var received = await db.MembershipPayments.AsNoTracking().Where(p => p.PaidAt >= monthStart && p.PaidAt < nextMonth)
            .SumAsync(p => p.AmountCents - p.RefundedCents, cancellationToken);
        return new MembershipFigures([.. byLevel.OrderBy(l => l.Level, StringComparer.Ordinal).Select(l => (l.LevelId, l.Level, l.Count))], due,
            Math.Max(1, (int)Math.Ceiling((nextMonth - now).TotalDays)), lapsed, received);
    }

    private static string Actor(ClaimsPrincipal actor) => actor.Identity?.Name ?? "staff";
}
