using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// In January, each monthly donor of the year before gets one statement of that year's gifts (monthly and once, less
/// refunds) for their tax return, with what a receipt must say. Runs with the reconciliation; a batch at a time.
/// </summary>
public sealed class GiftStatements(AppDbContext db, DonationEmails emails, SiteTime time, TimeProvider clock, ILogger<GiftStatements> logger)
{
    private const int Batch = 100;

    /// <summary>Sends the statements still owed (only in January); returns how many were queued.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var today = time.ToLocal(clock.GetUtcNow());
        if (today.Month != 1)
        {
            return 0;
        }

        var year = today.Year - 1;
        var start = time.StartOfDay(new DateOnly(year, 1, 1));
        var end = time.StartOfDay(new DateOnly(year + 1, 1, 1));
        var received = db.Gifts.AsNoTracking()
            .Where(g => (g.Status == GiftStatus.Paid || g.Status == GiftStatus.Refunded) && g.PaidAt >= start && g.PaidAt < end && g.DonorEmail != null);
        var sent = (await db.GiftStatements.AsNoTracking().Where(s => s.Year == year).Select(s => s.DonorKey).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var donors = (await received.Where(g => g.PlanId != null).Select(g => g.DonorEmail!).Distinct().ToListAsync(cancellationToken))
            .Select(email => email.ToUpperInvariant()).Distinct(StringComparer.Ordinal).Where(key => !sent.Contains(key)).Order(StringComparer.Ordinal).Take(Batch).ToList();

        var queued = 0;
        foreach (var donor in donors)
        {
            var gifts = (await received.Where(g => EF.Functions.Like(g.DonorEmail, Like.Exactly(donor), Like.EscapeCharacter)).ToListAsync(cancellationToken))
                .Where(g => string.Equals(g.DonorEmail, donor, StringComparison.OrdinalIgnoreCase)).OrderBy(g => g.PaidAt).ToList();
            if (gifts.Count == 0)
            {
                continue;
            }

            try
            {
                await db.RunInTransactionAsync(async () =>
                {
                    db.GiftStatements.Add(new GiftStatement
                    {
                        Year = year,
                        DonorKey = donor,
                        GiftCount = gifts.Count,
                        TotalCents = gifts.Sum(g => g.AmountCents - g.RefundedCents),
                        SentAt = clock.GetUtcNow(),
                    });
                    emails.Statement(year, gifts);
                    await db.SaveChangesAsync(cancellationToken);
                    return true;
                }, cancellationToken);
                queued++;
            }
            catch (DbUpdateException ex)
            {
                logger.LogInformation(ex, "The {Year} giving statement was already sent to a donor (another instance sent it)", year);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} giving statements for {Year}", queued, year);
        }

        return queued;
    }
}
