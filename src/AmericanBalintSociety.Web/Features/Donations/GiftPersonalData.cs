using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// A donor's gifts, in "download my data". Deleting the account keeps the gifts (the society's accounts, and the donor's
/// receipts, need them) without the person: no account, name, address or note; the dedication stays (it names someone
/// else, and the receipt was issued with it).
/// </summary>
public sealed class GiftPersonalData(AppDbContext db) : Membership.IPersonalDataSource
{
    public string Section => "gifts";

    public async Task<object?> ExportAsync(Membership.ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await db.Gifts.AsNoTracking().Where(g => g.UserId == user.Id && g.Status != GiftStatus.Pending).OrderBy(g => g.Id)
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
            })
            .ToListAsync(cancellationToken);
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
    }
}
