using System.Globalization;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>Which gifts the staff's list shows: paid between two days (the society's time zone), once or monthly, by status, by donor.</summary>
public sealed record GiftFilter(DateOnly? From, DateOnly? To, bool? Monthly, GiftStatus? Status, string? Donor, int Page = 1);

/// <summary>A gift as the staff's list shows it.</summary>
public sealed record GiftRow(int Id, DateTimeOffset When, long AmountCents, long RefundedCents, GiftStatus Status, bool Monthly, string? DonorName, string? DonorEmail, string? Dedication);

/// <summary>Gifts received in a month or a year: how many (not counting those refunded in full), and their sum less refunds.</summary>
public sealed record GiftTotal(int Year, int? Month, int Count, long NetCents);

/// <summary>What the dashboard shows of giving.</summary>
public sealed record GiftFigures(int ThisMonthCount, long ThisMonthCents, int ThisYearCount, long ThisYearCents, int ActiveMonthly, long MonthlyCents);

/// <summary>A donor's history for staff: every gift under their address, and their monthly gifts.</summary>
public sealed record DonorHistory(string Email, string? Name, IReadOnlyList<GiftRow> Gifts, IReadOnlyList<GiftPlan> Plans);

/// <summary>
/// Gifts for staff (Admin only, issue 17): the list with its filters and totals, a donor's history, a refund through
/// Stripe, the CSV export (formula cells escaped), and the dashboard's figures. Every change and export is audited.
/// </summary>
public sealed class GiftAdministration(
    AppDbContext db, StripeGateway stripe, AuditLog audit, SiteTime time, TimeProvider clock, ILogger<GiftAdministration> logger)
{
    public const int PageSize = 50;

    public async Task<Paged<GiftRow>> ListAsync(GiftFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var gifts = Filter(filter);
        var total = await gifts.CountAsync(cancellationToken);
        var rows = await Project(gifts.OrderByDescending(g => g.PaidAt ?? g.CreatedAt).ThenByDescending(g => g.Id)
            .Skip((filter.Page - 1) * PageSize).Take(PageSize)).ToListAsync(cancellationToken);
        return new Paged<GiftRow>(rows, filter.Page, PageSize, total);
    }

    /// <summary>
    /// The filtered gifts that were received (paid, or paid then refunded), totalled by month and by year in the society's
    /// time zone, newest first. Sums are less refunds. Summed here rather than in SQL: the month a gift falls in depends
    /// on the time zone, and a society's gifts number in the thousands, not millions.
    /// </summary>
    public async Task<(IReadOnlyList<GiftTotal> Months, IReadOnlyList<GiftTotal> Years)> TotalsAsync(GiftFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var received = await Filter(filter with { Status = null })
            .Where(g => g.Status == GiftStatus.Paid || g.Status == GiftStatus.Refunded)
            .Select(g => new { g.PaidAt, g.AmountCents, g.RefundedCents }).ToListAsync(cancellationToken);
        var local = received.Select(g => (When: time.ToLocal(g.PaidAt!.Value), Net: g.AmountCents - g.RefundedCents)).ToList();
        var months = local.GroupBy(g => (g.When.Year, g.When.Month)).OrderByDescending(g => g.Key)
            .Select(g => new GiftTotal(g.Key.Year, g.Key.Month, g.Count(x => x.Net > 0), g.Sum(x => x.Net))).ToList();
        var years = local.GroupBy(g => g.When.Year).OrderByDescending(g => g.Key)
            .Select(g => new GiftTotal(g.Key, null, g.Count(x => x.Net > 0), g.Sum(x => x.Net))).ToList();
        return (months, years);
    }

    public async Task<GiftFigures> FiguresAsync(CancellationToken cancellationToken)
    {
        var now = time.ToLocal(clock.GetUtcNow());
        var yearStart = time.StartOfDay(new DateOnly(now.Year, 1, 1));
        var monthStart = time.StartOfDay(new DateOnly(now.Year, now.Month, 1));
        var thisYear = await db.Gifts.AsNoTracking()
            .Where(g => (g.Status == GiftStatus.Paid || g.Status == GiftStatus.Refunded) && g.PaidAt >= yearStart)
            .Select(g => new { g.PaidAt, Net = g.AmountCents - g.RefundedCents }).ToListAsync(cancellationToken);
        var month = thisYear.Where(g => g.PaidAt >= monthStart).ToList();
        var monthly = await db.GiftPlans.AsNoTracking().Where(p => p.Status == GiftPlanStatus.Active).Select(p => p.AmountCents).ToListAsync(cancellationToken);
        return new GiftFigures(month.Count(g => g.Net > 0), month.Sum(g => g.Net), thisYear.Count(g => g.Net > 0), thisYear.Sum(g => g.Net), monthly.Count, monthly.Sum());
    }

    public Task<GiftRow?> FindAsync(int id, CancellationToken cancellationToken) =>
        Project(db.Gifts.AsNoTracking().Where(g => g.Id == id)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>A donor's gifts (by their address as given) and the monthly gifts of the account with that address.</summary>
    public async Task<DonorHistory?> DonorAsync(string? email, CancellationToken cancellationToken)
    {
        var address = email?.Trim();
        if (string.IsNullOrEmpty(address) || address.Length > 256)
        {
            return null;
        }

        var normalized = address.ToUpperInvariant();
        var userId = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        var gifts = await Project(db.Gifts.AsNoTracking()
                .Where(g => g.Status != GiftStatus.Pending
                    && ((userId != null && g.UserId == userId) || EF.Functions.Like(g.DonorEmail, Like.Exactly(address), Like.EscapeCharacter)))
                .OrderByDescending(g => g.PaidAt ?? g.CreatedAt))
            .Take(500).ToListAsync(cancellationToken);
        var plans = userId is null ? [] : await db.GiftPlans.AsNoTracking().Where(p => p.UserId == userId && p.Status != GiftPlanStatus.Pending)
            .OrderByDescending(p => p.Id).ToListAsync(cancellationToken);
        return gifts.Count == 0 && plans.Count == 0 ? null
            : new DonorHistory(gifts.FirstOrDefault(g => g.DonorEmail is not null)?.DonorEmail ?? address, gifts.FirstOrDefault(g => g.DonorName is not null)?.DonorName, gifts, plans);
    }

    /// <summary>
    /// Refunds what is left of a gift through Stripe (a partial refund is made in Stripe's dashboard, and its webhook
    /// records it here). The idempotency key names the amount refunded so far, so a double submit refunds once.
    /// </summary>
    public async Task<Result> RefundAsync(int id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var gift = await db.Gifts.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (gift is not { Status: GiftStatus.Paid or GiftStatus.Refunded } || gift.StripePaymentIntentId is null || gift.RefundedCents >= gift.AmountCents)
        {
            return Result.Failure("Only a paid gift with something left to refund can be refunded.");
        }

        var amount = gift.AmountCents - gift.RefundedCents;
        var refunded = await stripe.RefundAsync(
            new RefundCreateOptions { PaymentIntent = gift.StripePaymentIntentId, Amount = amount, Metadata = new Dictionary<string, string> { [DonationCheckout.GiftKey] = gift.Id.ToString(CultureInfo.InvariantCulture) } },
            $"gift-{gift.Id}-refund-after-{gift.RefundedCents.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        if (refunded.Failure is { } failure)
        {
            logger.LogError(failure.Exception, "Refund of gift {GiftId} failed at Stripe: {Reason}", gift.Id, failure.Message);
            return Result.Failure($"Stripe did not make the refund ({failure.Message}). Nothing was refunded; try again.");
        }

        if (refunded.Value!.Status is "failed" or "canceled")
        {
            return Result.Failure($"Stripe could not make the refund (it is {refunded.Value.Status}). Nothing was refunded; see the payment in the Stripe dashboard.");
        }

        gift.RefundedCents = Math.Min(gift.AmountCents, gift.RefundedCents + refunded.Value.Amount);
        gift.Status = GiftStatus.Refunded;
        gift.Version++;
        audit.Record(actor, "gift.refunded", $"gift:{gift.Id}", $"{Display.Money(refunded.Value.Amount)} of {Display.Money(gift.AmountCents)} refunded ({refunded.Value.Id})");
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success($"Refunded {Display.Money(refunded.Value.Amount)}. The donor's receipt now shows the refund.");
    }

    /// <summary>The gifts (as filtered) as CSV, formula cells escaped; audited (it holds donors' details).</summary>
    public async Task ExportAsync(TextWriter writer, GiftFilter filter, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        audit.Record(actor, "gifts.exported", "gifts", filter.Status?.ToString() ?? "all");
        await db.SaveChangesAsync(cancellationToken);
        await using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { Injection = CsvInjection.Escape }, true);
        csv.WriteHeader(["id", "date", "amount", "refunded", "status", "kind", "donor_name", "donor_email", "dedication", "note"]);
        await foreach (var gift in Filter(filter).OrderBy(g => g.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(gift.Id.ToString(CultureInfo.InvariantCulture));
            csv.WriteField(time.ToLocal(gift.PaidAt ?? gift.CreatedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            csv.WriteField((gift.AmountCents / 100m).ToString("0.00", CultureInfo.InvariantCulture));
            csv.WriteField((gift.RefundedCents / 100m).ToString("0.00", CultureInfo.InvariantCulture));
            csv.WriteField(gift.Status.ToString());
            csv.WriteField(gift.PlanId is null ? "once" : "monthly");
            csv.WriteField(gift.DonorName ?? "");
            csv.WriteField(gift.DonorEmail ?? "");
            csv.WriteField(GiftReceipt.DedicationLine(gift) ?? "");
            csv.WriteField(gift.Note ?? "");
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private IQueryable<Gift> Filter(GiftFilter filter)
    {
        var gifts = db.Gifts.AsNoTracking();
        gifts = filter.Status is { } status ? gifts.Where(g => g.Status == status) : gifts.Where(g => g.Status != GiftStatus.Pending);
        if (filter.From is { } from)
        {
            var start = time.StartOfDay(from);
            gifts = gifts.Where(g => (g.PaidAt ?? g.CreatedAt) >= start);
        }

        if (filter.To is { } to)
        {
            var end = time.StartOfDay(to.AddDays(1));
            gifts = gifts.Where(g => (g.PaidAt ?? g.CreatedAt) < end);
        }

        if (filter.Monthly is { } monthly)
        {
            gifts = monthly ? gifts.Where(g => g.PlanId != null) : gifts.Where(g => g.PlanId == null);
        }

        if (!string.IsNullOrWhiteSpace(filter.Donor))
        {
            var pattern = Like.Contains(filter.Donor.Trim());
            gifts = gifts.Where(g => EF.Functions.Like(g.DonorEmail, pattern, Like.EscapeCharacter) || EF.Functions.Like(g.DonorName, pattern, Like.EscapeCharacter));
        }

        return gifts;
    }

    private static IQueryable<GiftRow> Project(IQueryable<Gift> gifts) =>
        gifts.Select(g => new GiftRow(g.Id, g.PaidAt ?? g.CreatedAt, g.AmountCents, g.RefundedCents, g.Status, g.PlanId != null, g.DonorName, g.DonorEmail,
            g.Dedication == Dedication.InHonorOf ? "In honor of " + g.DedicationName : g.Dedication == Dedication.InMemoryOf ? "In memory of " + g.DedicationName : null));
}
