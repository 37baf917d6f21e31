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

/// <summary>
/// Erasing a subscriber: every personal field and the consent record go; the address hash, the first source and the
/// fact and time of removal stay (so no import can add the address again).
/// </summary>
public static class SubscriberErasure
{
    public static Task<int> EraseAsync(AppDbContext db, string addressHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Subscribers.Where(s => s.AddressHash == addressHash && s.Status != SubscriberStatus.Removed)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubscriberStatus.Removed)
                .SetProperty(x => x.RemovedAt, now)
                .SetProperty(x => x.Email, (string?)null)
                .SetProperty(x => x.Name, (string?)null)
                .SetProperty(x => x.SourceDetail, (string?)null)
                .SetProperty(x => x.ConsentVersion, (string?)null)
                .SetProperty(x => x.ConsentedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.ConfirmedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.UnsubscribedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.LastRequestMailAt, (DateTimeOffset?)null)
                .SetProperty(x => x.RequestedEmail, (string?)null)
                .SetProperty(x => x.RequestedName, (string?)null)
                .SetProperty(x => x.RequestedSource, (SubscriptionSource?)null)
                .SetProperty(x => x.RequestedConsentVersion, (string?)null)
                .SetProperty(x => x.RequestedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.ConfirmationTokenHash, (string?)null)
                .SetProperty(x => x.ConfirmationExpiresAt, (DateTimeOffset?)null)
                .SetProperty(x => x.UnsubscribeToken, (string?)null)
                .SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
    }
}
