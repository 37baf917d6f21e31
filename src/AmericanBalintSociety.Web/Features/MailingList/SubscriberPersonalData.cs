using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>
/// The member's mailing-list record, found by their account's address. Deleting the account removes it the way staff
/// remove a subscriber: address and name erased, the address's hash kept so no import adds it again.
/// </summary>
public sealed class SubscriberPersonalData(AppDbContext db, TimeProvider clock) : IPersonalDataSource
{
    public string Section => "mailingList";

    public async Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var hash = SubscriberAddress.Hash(user.Email ?? "");
        return await db.Subscribers.AsNoTracking()
            .Where(s => s.AddressHash == hash && s.Status != SubscriberStatus.Removed)
            .Select(s => new
            {
                s.Email,
                s.Name,
                Status = s.Status.ToString(),
                Source = s.Source.ToString(),
                s.ConsentVersion,
                s.ConsentedAt,
                s.ConfirmedAt,
                s.UnsubscribedAt,
            })
            .FirstOrDefaultAsync(cancellationToken);
    }

    public Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return SubscriberErasure.EraseAsync(db, SubscriberAddress.Hash(user.Email ?? ""), clock.GetUtcNow(), cancellationToken);
    }
}
