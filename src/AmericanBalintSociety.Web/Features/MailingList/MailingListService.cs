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
    /// Someone asked to join (signup page, home page, registration). New, unsubscribed or removed addresses become
    /// pending and get a confirmation link; a pending one gets a fresh link; a confirmed one gets an "already
    /// subscribed" note. At most one such mail per address per <see cref="MailingListOptions.MailInterval"/>.
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
        if (subscriber is null)
        {
            subscriber = new Subscriber { AddressHash = hash, Email = address, CreatedAt = now };
            db.Subscribers.Add(subscriber);
        }

        var mailAllowed = subscriber.LastRequestMailAt is not { } last || now - last >= settings.MailInterval;
        if (subscriber.Status == SubscriberStatus.Confirmed && subscriber.Id != 0)
        {
            if (!mailAllowed)
            {
                logger.LogInformation("Signup for confirmed subscriber {SubscriberId}: note already sent within the hour", subscriber.Id);
                return;
            }

            subscriber.LastRequestMailAt = now;
            subscriber.UnsubscribeToken ??= SubscriberAddress.NewToken();
            emails.AlreadySubscribed(subscriber, siteBase);
        }
        else
        {
            var pendingWithLiveLink = subscriber is { Status: SubscriberStatus.Pending, Id: not 0, ConfirmationExpiresAt: { } expires } && expires > now;
            if (!mailAllowed && pendingWithLiveLink)
            {
                // The link mailed within the hour still works; a new one would only break it.
                logger.LogInformation("Signup for pending subscriber {SubscriberId}: confirmation already sent within the hour", subscriber.Id);
                return;
            }

            subscriber.Status = SubscriberStatus.Pending;
            subscriber.Email = address;
            subscriber.Name = cleanName ?? subscriber.Name;
            subscriber.Source = source;
            subscriber.SourceDetail = null;
            subscriber.ConsentVersion = ConsentStatement.CurrentVersion;
            subscriber.ConsentedAt = now;
            subscriber.ConfirmedAt = null;
            subscriber.RemovedAt = null;
            if (mailAllowed)
            {
                var token = SubscriberAddress.NewToken();
                subscriber.ConfirmationTokenHash = SubscriberAddress.HashToken(token);
                subscriber.ConfirmationExpiresAt = now + settings.ConfirmationLifetime;
                subscriber.LastRequestMailAt = now;
                emails.Confirmation(address, subscriber.Name, MailingListEmails.ConfirmLink(siteBase, token), settings.ConfirmationLifetime);
            }
        }

        subscriber.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Signup for subscriber {SubscriberId} from {Source}", subscriber.Id, source);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || IsUniqueViolation(ex))
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
        return subscriber is null ? null : new SubscriberLink(subscriber.Id, subscriber.Email, subscriber.Status);
    }

    /// <summary>Confirms the subscription (the POST behind the "Confirm" button) and queues the welcome mail with it.</summary>
    public async Task<bool> ConfirmAsync(string token, Uri siteBase, CancellationToken cancellationToken)
    {
        var subscriber = await PendingByTokenAsync(token, tracked: true, cancellationToken);
        if (subscriber is null)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        subscriber.Status = SubscriberStatus.Confirmed;
        subscriber.ConfirmedAt = now;
        subscriber.UnsubscribedAt = null;
        subscriber.ConfirmationTokenHash = null;
        subscriber.ConfirmationExpiresAt = null;
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

    /// <summary>Leaves the list at once (one-click POST or the button). Unsubscribing twice is fine. False for an unknown link.</summary>
    public async Task<bool> UnsubscribeAsync(string token, CancellationToken cancellationToken)
    {
        if (!LooksLikeToken(token))
        {
            return false;
        }

        var now = clock.GetUtcNow();
        // One statement, no read-modify-write: a provider's one-click POST must never fail on a race.
        var changed = await db.Subscribers
            .Where(s => s.UnsubscribeToken == token && (s.Status == SubscriberStatus.Confirmed || s.Status == SubscriberStatus.Pending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubscriberStatus.Unsubscribed)
                .SetProperty(x => x.UnsubscribedAt, now)
                .SetProperty(x => x.ConfirmationTokenHash, (string?)null)
                .SetProperty(x => x.ConfirmationExpiresAt, (DateTimeOffset?)null)
                .SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        if (changed > 0)
        {
            logger.LogInformation("A subscriber unsubscribed by link");
            return true;
        }

        return await db.Subscribers.AnyAsync(s => s.UnsubscribeToken == token && s.Status == SubscriberStatus.Unsubscribed, cancellationToken);
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
    /// so the subscription is confirmed at once, with the consent recorded as given there, and the welcome mail sent.
    /// </summary>
    public async Task JoinAsMemberAsync(string email, string? name, Uri siteBase, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var hash = SubscriberAddress.Hash(email);
        var subscriber = await db.Subscribers.FirstOrDefaultAsync(s => s.AddressHash == hash, cancellationToken);
        if (subscriber is { Status: SubscriberStatus.Confirmed })
        {
            return;
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
        subscriber.ConfirmationTokenHash = null;
        subscriber.ConfirmationExpiresAt = null;
        subscriber.UnsubscribeToken ??= SubscriberAddress.NewToken();
        subscriber.Version++;
        emails.Welcome(subscriber, siteBase);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Subscriber {SubscriberId} joined from their account", subscriber.Id);
    }

    /// <summary>A signed-in member leaves from their account page.</summary>
    public async Task LeaveAsMemberAsync(string email, CancellationToken cancellationToken)
    {
        var hash = SubscriberAddress.Hash(email);
        var now = clock.GetUtcNow();
        await db.Subscribers
            .Where(s => s.AddressHash == hash && (s.Status == SubscriberStatus.Confirmed || s.Status == SubscriberStatus.Pending))
            .ExecuteUpdateAsync(s => s
                .SetProperty(x => x.Status, SubscriberStatus.Unsubscribed)
                .SetProperty(x => x.UnsubscribedAt, now)
                .SetProperty(x => x.ConfirmationTokenHash, (string?)null)
                .SetProperty(x => x.ConfirmationExpiresAt, (DateTimeOffset?)null)
                .SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
    }

    private async Task<Subscriber?> PendingByTokenAsync(string token, bool tracked, CancellationToken cancellationToken)
    {
        if (!LooksLikeToken(token))
        {
            return null;
        }

        var hash = SubscriberAddress.HashToken(token);
        var now = clock.GetUtcNow();
        var query = tracked ? db.Subscribers : db.Subscribers.AsNoTracking();
        var subscriber = await query.FirstOrDefaultAsync(s => s.ConfirmationTokenHash == hash && s.Status == SubscriberStatus.Pending, cancellationToken);
        return subscriber is { ConfirmationExpiresAt: { } expires } && expires > now ? subscriber : null;
    }

    private static bool LooksLikeToken(string? token) => token is { Length: >= 20 and <= 64 };

    private static bool IsUniqueViolation(DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
        || ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
}
