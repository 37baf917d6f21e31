using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>A subscriber as a confirmation or unsubscribe link finds them.</summary>
public sealed record SubscriberLink(int Id, string? Email, SubscriberStatus Status);

/// <summary>What a member sees of their own subscription on their account page.</summary>
public sealed record ListMembership(SubscriberStatus? Status, DateTimeOffset? Since);

/// <summary>
/// Joining and leaving the list: double opt-in with single-use, expiring links; one-click unsubscribe. Every request
/// gets the same outward answer whatever the address's state, so the form reveals nothing about who is subscribed.
/// </summary>
public sealed class MailingListService(
    AppDbContext db, MailingListEmails emails, TimeProvider clock, IOptions<MailingListOptions> options, ILogger<MailingListService> logger)
{
    /// <summary>
    /// Someone asked to join (signup page, home page, registration). A new address becomes pending; an unsubscribed or
    /// removed one keeps its state and record, with the request set aside until confirmed; either gets a confirmation
    /// link. A confirmed address gets an "already subscribed" note. At most one such mail per address per
    /// <see cref="MailingListOptions.MailInterval"/>.
    /// </summary>
    public async Task RequestAsync(string email, string? name, SubscriptionSource source, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(siteBase);
        var address = email.Trim();
        var cleanName = string.IsNullOrWhiteSpace(name) ? null : name.Trim();
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var hash = SubscriberAddress.Hash(address);

        var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.AddressHash == hash, cancellationToken);
        var mailAllowed = subscriber?.LastRequestMailAt is not { } last || now - last >= settings.MailInterval;
        if (subscriber is null)
        {
            subscriber = new Subscriber
            {
                AddressHash = hash,
                Email = address,
                Name = cleanName,
                Status = SubscriberStatus.Pending,
                Source = source,
                ConsentVersion = ConsentStatement.CurrentVersion,
                ConsentedAt = now,
                CreatedAt = now,
            };
            db.Subscribers.Add(subscriber);
        }
        else if (!mailAllowed)
        {
            // The link (or note) mailed within the hour still works; a new one would only break it.
            logger.LogInformation("Signup for subscriber {SubscriberId}: a mail already went out within the interval", subscriber.Id);
            return;
        }
        else if (subscriber.Status == SubscriberStatus.Confirmed)
        {
            subscriber.LastRequestMailAt = now;
            subscriber.UnsubscribeToken ??= SubscriberAddress.NewToken();
            subscriber.Version++;
            emails.AlreadySubscribed(subscriber, siteBase);
            await SaveRequestAsync(subscriber, source, cancellationToken);
            return;
        }
        else
        {
            RecordRequest(subscriber, address, cleanName, source, now);
        }

        var token = SubscriberAddress.NewToken();
        subscriber.ConfirmationTokenHash = SubscriberAddress.HashToken(token);
        subscriber.ConfirmationExpiresAt = now + settings.ConfirmationLifetime;
        subscriber.LastRequestMailAt = now;
        subscriber.Version++;
        emails.Confirmation(address, MailingListEmails.ConfirmLink(siteBase, token), settings.ConfirmationLifetime);
        await SaveRequestAsync(subscriber, source, cancellationToken);
    }

    /// <summary>
    /// A repeated request: while pending, the request is the record (nothing confirmed is overwritten); for an address
    /// that unsubscribed or was removed, the request is set apart and nothing changes until its owner confirms.
    /// </summary>
    private static void RecordRequest(Subscriber subscriber, string address, string? name, SubscriptionSource source, DateTimeOffset now)
    {
        if (subscriber.Status == SubscriberStatus.Pending)
        {
            subscriber.Email = address;
            subscriber.Name = name ?? subscriber.Name;
            subscriber.Source = source;
            subscriber.ConsentVersion = ConsentStatement.CurrentVersion;
            subscriber.ConsentedAt = now;
            return;
        }

        subscriber.RequestedEmail = address;
        subscriber.RequestedName = name;
        subscriber.RequestedSource = source;
        subscriber.RequestedConsentVersion = ConsentStatement.CurrentVersion;
        subscriber.RequestedAt = now;
    }

    private async Task SaveRequestAsync(Subscriber subscriber, SubscriptionSource source, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Signup for subscriber {SubscriberId} from {Source}", subscriber.Id, source);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(ex))
        {
            // Another request for the same address won the race and did the same thing; the answer is the same.
            db.ChangeTracker.Clear();
            logger.LogInformation("Signup raced another request for the same address; left to that one");
        }
    }

    /// <summary>The pending subscriber a confirmation link belongs to, or null when it is unknown, used or expired.</summary>
    public async Task<SubscriberLink?> FindByConfirmationTokenAsync(string token, CancellationToken cancellationToken)
    {
        var subscriber = await PendingByTokenAsync(token, tracked: false, cancellationToken);
        return subscriber is null ? null : new SubscriberLink(subscriber.Id, subscriber.RequestedEmail ?? subscriber.Email, subscriber.Status);
    }

    /// <summary>
    /// Confirms the subscription (the POST behind the "Confirm" button): a pending address becomes confirmed; an
    /// unsubscribed or removed one takes on the request it made. The welcome mail is queued in the same save.
    /// </summary>
    public async Task<bool> ConfirmAsync(string token, Uri siteBase, CancellationToken cancellationToken)
    {
        var subscriber = await PendingByTokenAsync(token, tracked: true, cancellationToken);
        if (subscriber is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        if (subscriber.Status != SubscriberStatus.Pending && subscriber.RequestedEmail is not null)
        {
            subscriber.Email = subscriber.RequestedEmail;
            subscriber.Name = subscriber.RequestedName ?? (subscriber.Status == SubscriberStatus.Removed ? null : subscriber.Name);
            subscriber.Source = subscriber.RequestedSource ?? subscriber.Source;
            subscriber.SourceDetail = null;
            subscriber.ConsentVersion = subscriber.RequestedConsentVersion;
            subscriber.ConsentedAt = subscriber.RequestedAt;
            subscriber.RemovedAt = null;
        }

        ClearRequest(subscriber);
        subscriber.Status = SubscriberStatus.Confirmed;
        subscriber.ConfirmedAt = now;
        subscriber.UnsubscribedAt = null;
        subscriber.UnsubscribeToken ??= SubscriberAddress.NewToken();
        subscriber.Version++;
        emails.Welcome(subscriber, siteBase);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false; // a second click at the same moment; the first confirmed
        }

        logger.LogInformation("Subscriber {SubscriberId} confirmed", subscriber.Id);
        return true;
    }

    /// <summary>The address an expired (or superseded) link was sent to, to fill in the form that offers a new one.</summary>
    public Task<string?> AddressOfExpiredLinkAsync(string token, CancellationToken cancellationToken)
    {
        if (!LooksLikeToken(token))
        {
            return Task.FromResult<string?>(null);
        }

        var hash = SubscriberAddress.HashToken(token);
        return db.Subscribers.AsNoTracking().Where(s => s.ConfirmationTokenHash == hash)
            .Select(s => s.RequestedEmail ?? s.Email).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Housekeeping: a pending address whose link expired unconfirmed is deleted (its data was kept for nothing), and an
    /// expired request to join again is dropped from the record it was set aside on.
    /// </summary>
    public async Task<int> DeleteExpiredRequestsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deleted = await db.Subscribers.Where(s => s.Status == SubscriberStatus.Pending && s.ConfirmationExpiresAt != null && s.ConfirmationExpiresAt < now)
            .ExecuteDeleteAsync(cancellationToken);
        await db.Subscribers.Where(s => s.Status != SubscriberStatus.Pending && s.ConfirmationExpiresAt != null && s.ConfirmationExpiresAt < now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.ConfirmationTokenHash, (string?)null)
                .SetProperty(x => x.ConfirmationExpiresAt, (DateTimeOffset?)null)
                .SetProperty(x => x.RequestedEmail, (string?)null)
                .SetProperty(x => x.RequestedName, (string?)null)
                .SetProperty(x => x.RequestedSource, (SubscriptionSource?)null)
                .SetProperty(x => x.RequestedConsentVersion, (string?)null)
                .SetProperty(x => x.RequestedAt, (DateTimeOffset?)null)
                .SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        return deleted;
    }

    private static void ClearRequest(Subscriber subscriber)
    {
        subscriber.ConfirmationTokenHash = null;
        subscriber.ConfirmationExpiresAt = null;
        subscriber.RequestedEmail = null;
        subscriber.RequestedName = null;
        subscriber.RequestedSource = null;
        subscriber.RequestedConsentVersion = null;
        subscriber.RequestedAt = null;
    }

    public async Task<SubscriberLink?> FindByUnsubscribeTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        return await db.Subscribers.AsNoTracking()
            .Where(s => s.UnsubscribeToken == token && s.Status != SubscriberStatus.Removed)
            .Select(s => new SubscriberLink(s.Id, s.Email, s.Status))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Leaves the list at once (one-click POST or the button), and newsletter mail still queued for the address is
    /// withdrawn. Unsubscribing twice is fine. False for an unknown link.
    /// </summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (!LooksLikeToken(token))
        {
            return false;
        }

        var subscriber = await db.Subscribers.AsNoTracking().Where(s => s.UnsubscribeToken == token && s.Status != SubscriberStatus.Removed)
            .Select(s => new { s.AddressHash, s.Status }).FirstOrDefaultAsync(cancellationToken);
        if (subscriber is null)
        {
            return false;
        }

        await LeaveAsync(subscriber.AddressHash, cancellationToken);
        logger.LogInformation("A subscriber unsubscribed by link");
        return true;
    }

    /// <summary>
    /// One statement, no read-modify-write (a provider's one-click POST must never fail on a race), then the
    /// address's queued newsletters are withdrawn (those not already being handed to the mail server).
    /// </summary>
    private async Task LeaveAsync(string addressHash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await db.Subscribers
            .Where(s => s.AddressHash == addressHash && (s.Status == SubscriberStatus.Confirmed || s.Status == SubscriberStatus.Pending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubscriberStatus.Unsubscribed)
                .SetProperty(x => x.UnsubscribedAt, now)
                .SetProperty(x => x.ConfirmationTokenHash, (string?)null)
                .SetProperty(x => x.ConfirmationExpiresAt, (DateTimeOffset?)null)
                .SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        var email = await db.Subscribers.Where(s => s.AddressHash == addressHash).Select(s => s.Email).FirstOrDefaultAsync(cancellationToken);
        if (email is not null)
        {
            await db.OutboxMessages
                .Where(m => m.ToAddress == email && m.Status == Email.OutboxStatus.Pending && m.Category!.StartsWith("newsletter:")
                    && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>The list status of an address (a member's own, on their account page).</summary>
    public async Task<ListMembership> StatusAsync(string email, CancellationToken cancellationToken)
    {
        var hash = SubscriberAddress.Hash(email);
        var row = await db.Subscribers.AsNoTracking().Where(s => s.AddressHash == hash)
            .Select(s => new { s.Status, s.ConfirmedAt, s.UnsubscribedAt, s.ConsentedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return row switch
        {
            null or { Status: SubscriberStatus.Removed } => new ListMembership(null, null),
            { Status: SubscriberStatus.Confirmed } => new ListMembership(row.Status, row.ConfirmedAt),
            { Status: SubscriberStatus.Unsubscribed } => new ListMembership(row.Status, row.UnsubscribedAt),
            _ => new ListMembership(row.Status, row.ConsentedAt),
        };
    }

    /// <summary>
    /// A signed-in member joins from their account page. Their address is already proven (the account is confirmed),
    /// so the subscription is confirmed at once, with the consent recorded as given there. The welcome mail respects
    /// the same per-address interval as confirmation mails (joining and leaving again and again sends one). False when
    /// a simultaneous change to the same address got there first.
    /// </summary>
    public async Task<bool> JoinAsMemberAsync(string email, string? name, Uri siteBase, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = SubscriberAddress.Hash(email);
        var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.AddressHash == hash, cancellationToken);
        if (subscriber is { Status: SubscriberStatus.Confirmed })
        {
            return true;
        }

        if (subscriber is null)
        {
            subscriber = new Subscriber { AddressHash = hash, CreatedAt = now };
            db.Subscribers.Add(subscriber);
        }

        subscriber.Email = email.Trim();
        subscriber.Name = string.IsNullOrWhiteSpace(name) ? subscriber.Name : name.Trim();
        subscriber.Status = SubscriberStatus.Confirmed;
        subscriber.Source = SubscriptionSource.Account;
        subscriber.SourceDetail = null;
        subscriber.ConsentVersion = ConsentStatement.CurrentVersion;
        subscriber.ConsentedAt = now;
        subscriber.ConfirmedAt = now;
        subscriber.UnsubscribedAt = null;
        subscriber.RemovedAt = null;
        ClearRequest(subscriber);
        subscriber.UnsubscribeToken ??= SubscriberAddress.NewToken();
        subscriber.Version++;
        if (subscriber.LastRequestMailAt is not { } last || now - last >= options.Value.MailInterval)
        {
            subscriber.LastRequestMailAt = now;
            emails.Welcome(subscriber, siteBase);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || DbErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear();
            return false;
        }

        logger.LogInformation("Subscriber {SubscriberId} joined from their account", subscriber.Id);
        return true;
    }

    /// <summary>A signed-in member leaves from their account page.</summary>
    public Task LeaveAsMemberAsync(string email, CancellationToken cancellationToken) => LeaveAsync(SubscriberAddress.Hash(email), cancellationToken);

    private async Task<Subscriber?> PendingByTokenAsync(string token, bool tracked, CancellationToken cancellationToken)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        var hash = SubscriberAddress.HashToken(token);
        var now = clock.GetUtcNow();
        var query = tracked ? db.Subscribers : db.Subscribers.AsNoTracking();
        var subscriber = await query.FirstOrDefaultAsync(s => s.ConfirmationTokenHash == hash && s.Status != SubscriberStatus.Confirmed, cancellationToken);
        return subscriber is { ConfirmationExpiresAt: { } expires } && expires > now ? subscriber : null;
    }

    private static bool LooksLikeToken(string? token) => token is { Length: >= 20 and <= 64 };
}
