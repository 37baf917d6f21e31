using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// What a receipt for a US charitable gift says (IRS Publication 1771): the organization's legal name and EIN (or that
/// it is available on request), the donor, the date and amount, the dedication, and that no goods or services were
/// provided in exchange. One source for the mail and the printable page.
/// </summary>
public sealed class GiftReceipt(Organization organization, SiteTime time, IOptions<OrganizationOptions> options, AppDbContext? db = null)
{
    /// <summary>The paid (or refunded) gift whose receipt this token opens; null for any other token.</summary>
    public Task<Gift?> FindAsync(string token, CancellationToken cancellationToken) =>
        db is null || string.IsNullOrEmpty(token) || token.Length > 64
            ? Task.FromResult<Gift?>(null)
            : db.Gifts.AsNoTracking().FirstOrDefaultAsync(g => g.ReceiptToken == token && (g.Status == GiftStatus.Paid || g.Status == GiftStatus.Refunded), cancellationToken);

    /// <summary>A monthly gift's first payment, once Stripe has said it was paid.</summary>
    public Task<Gift?> FirstOfPlanAsync(int planId, CancellationToken cancellationToken) =>
        db is null ? Task.FromResult<Gift?>(null) : db.Gifts.AsNoTracking().Where(g => g.PlanId == planId).OrderBy(g => g.Id).FirstOrDefaultAsync(cancellationToken);

    public const string NoGoodsOrServices = "No goods or services were provided in exchange for this contribution.";

    /// <summary>A signed-in donor's paid (or refunded) gifts, newest first.</summary>
    public async Task<IReadOnlyList<Gift>> ForDonorAsync(string userId, CancellationToken cancellationToken) =>
        db is null ? [] : await db.Gifts.AsNoTracking()
            .Where(g => g.UserId == userId && (g.Status == GiftStatus.Paid || g.Status == GiftStatus.Refunded))
            .OrderByDescending(g => g.PaidAt).Take(200).ToListAsync(cancellationToken);

    public string LegalName => string.IsNullOrWhiteSpace(options.Value.LegalName) ? organization.Name : options.Value.LegalName.Trim();

    public string EinLine => string.IsNullOrWhiteSpace(options.Value.Ein)
        ? $"{LegalName} is a tax-exempt organization under section 501(c)(3) of the Internal Revenue Code; its Employer Identification Number is available on request."
        : $"{LegalName} is a tax-exempt organization under section 501(c)(3) of the Internal Revenue Code, EIN {options.Value.Ein}.";

    public string Date(Gift gift) => time.Date((gift ?? throw new ArgumentNullException(nameof(gift))).PaidAt ?? gift.CreatedAt);

    public static string? DedicationLine(Gift gift) =>
        (gift ?? throw new ArgumentNullException(nameof(gift))).Dedication switch
        {
            Dedication.InHonorOf when gift.DedicationName is not null => $"In honor of {gift.DedicationName}",
            Dedication.InMemoryOf when gift.DedicationName is not null => $"In memory of {gift.DedicationName}",
            _ => null,
        };

    public static string Path(Gift gift) => $"donate/receipt/{(gift ?? throw new ArgumentNullException(nameof(gift))).ReceiptToken}";
}
