using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// A donor's gifts, in "download my data". Deleting the account keeps the gifts (the society's accounts, and the donor's
/// receipts, need them) without the person: no account, name, address or note; the dedication stays (it names someone
/// else, and the receipt was issued with it).
/// </summary>
public sealed class GiftPersonalData(AppDbContext db, MonthlyGiving monthly) : Membership.IPersonalDataSource
{
    public string Section => "gifts";

    public async Task<object?> ExportAsync(Membership.ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var gifts = await db.Gifts.AsNoTracking().Where(g => g.UserId == user.Id && g.Status != GiftStatus.Pending).OrderBy(g => g.Id)
            .Select(g => new
            {
                Status = g.Status.ToString(),
                g.AmountCents,
                g.RefundedCents,
                g.PaidAt,
                g.DonorName,
                g.DonorEmail,
                Dedication = g.Dedication.ToString(),
                g.DedicationName,
                g.Note,
                Monthly = g.PlanId != null,
            })
            .ToListAsync(cancellationToken);
        var monthlyGifts = await db.GiftPlans.AsNoTracking().Where(p => p.UserId == user.Id && p.Status != GiftPlanStatus.Pending).OrderBy(p => p.Id)
            .Select(p => new { Status = p.Status.ToString(), p.AmountCents, p.StartedAt, p.EndedAt, Dedication = p.Dedication.ToString(), p.DedicationName, p.Note })
            .ToListAsync(cancellationToken);
        return new { Gifts = gifts, MonthlyGifts = monthlyGifts };
    }

    /// <summary>A monthly gift is stopped at Stripe before anything is erased; if Stripe cannot be reached, nothing is.</summary>
    public async Task<Shared.Result> PrepareEraseAsync(Membership.ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var planId in await db.GiftPlans.Where(p => p.UserId == user.Id && p.Status == GiftPlanStatus.Active).Select(p => p.Id).ToListAsync(cancellationToken))
        {
            var stopped = await monthly.CancelAsync(planId, user.Id, "account deletion", cancellationToken);
            if (!stopped.Succeeded)
            {
                return Shared.Result.Failure("Your monthly gift could not be stopped at the payment service, so nothing was deleted. Please try again in a minute.");
            }
        }

        return Shared.Result.Success();
    }

    public async Task EraseAsync(Membership.ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await db.Gifts.Where(g => g.UserId == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(g => g.UserId, (string?)null)
            .SetProperty(g => g.DonorName, (string?)null)
            .SetProperty(g => g.DonorEmail, (string?)null)
            .SetProperty(g => g.Note, (string?)null)
            .SetProperty(g => g.Version, g => g.Version + 1), cancellationToken);
        await db.GiftPlans.Where(p => p.UserId == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(p => p.UserId, (string?)null)
            .SetProperty(p => p.Note, (string?)null)
            .SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
    }
}
