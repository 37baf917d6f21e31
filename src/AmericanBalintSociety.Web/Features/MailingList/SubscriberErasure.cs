using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.MailingList;

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
