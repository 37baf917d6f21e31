using System.Security.Claims;
using System.Security.Cryptography;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure.Redis;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// The sign-in cookie's server side (<see cref="CookieAuthenticationOptions.SessionStore"/>): the cookie carries a random
/// key, the ticket lives in <see cref="SignInSession"/>, and a session whose row is gone is signed out on its next request.
/// Each call uses a database context of its own, so it never saves a page's half-made changes.
/// <para>
/// Every signed-in request reads its ticket, so tickets read are kept in memory for up to <see cref="CacheFor"/>. Whatever
/// ends or renews a session says so through <see cref="SiteChanges"/> (<see cref="Topic"/>), which empties this memory
/// on every instance at once; an instance that cannot hear that (Redis away) reads the database every time, and the
/// minute bounds what a change made some other way could miss.
/// </para>
/// </summary>
public sealed class SignInSessionStore : ITicketStore, IDisposable
{
    /// <summary>The <see cref="HttpContext.Items"/> key holding the current request's session id (<see cref="SignInSession.Id"/>).</summary>
    public const string CurrentSessionItem = "abs.session";

    /// <summary>Published (<see cref="SiteChanges"/>) when sessions end or change: every instance forgets the tickets it holds.</summary>
    public const string Topic = "sign-in-sessions";

    /// <summary>The longest a ticket read is kept in memory.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(14);

    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly TopicCache _tickets;

    public SignInSessionStore(IServiceScopeFactory scopes, TimeProvider clock, SiteChanges changes)
    {
        _scopes = scopes;
        _clock = clock;
        _tickets = new TopicCache(changes, Topic, sizeLimit: 20_000);
    }

    public Task<string> StoreAsync(AuthenticationTicket ticket) => StoreAsync(ticket, null, CancellationToken.None);

    public Task<string> StoreAsync(AuthenticationTicket ticket, CancellationToken cancellationToken) => StoreAsync(ticket, null, cancellationToken);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("A sign-in ticket without the account's id cannot be stored.");
        var key = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = _clock.GetUtcNow();
        var userAgent = httpContext?.Request.Headers.UserAgent.ToString();

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Sessions past their end are of no use to anyone: sweep them as new ones begin (the index makes it cheap).
        await db.SignInSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        db.SignInSessions.Add(new SignInSession
        {
            Id = IdOf(key),
            UserId = userId,
            Ticket = TicketSerializer.Default.Serialize(ticket),
            CreatedAt = now,
            RenewedAt = now,
            ExpiresAt = ticket.Properties.ExpiresUtc ?? now + DefaultLifetime,
            UserAgent = string.IsNullOrEmpty(userAgent) ? null : userAgent[..Math.Min(userAgent.Length, SignInSession.UserAgentMaxLength)],
        });
        await db.SaveChangesAsync(cancellationToken);
        if (httpContext is not null)
        {
            httpContext.Items[CurrentSessionItem] = IdOf(key);
        }

        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket) => RenewAsync(key, ticket, CancellationToken.None);

    public async Task RenewAsync(string key, AuthenticationTicket ticket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var id = IdOf(key);
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var now = _clock.GetUtcNow();
        var expires = ticket.Properties.ExpiresUtc ?? now + DefaultLifetime;

        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        // Only a session that still exists is renewed: one ended elsewhere meanwhile stays ended.
        await db.SignInSessions.Where(s => s.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.Ticket, bytes)
            .SetProperty(s => s.RenewedAt, now)
            .SetProperty(s => s.ExpiresAt, expires), cancellationToken);
        await _tickets.ChangedAsync(cancellationToken); // the old ticket, held anywhere, would renew again
    }

    public Task<AuthenticationTicket?> RetrieveAsync(string key) => RetrieveAsync(key, null, CancellationToken.None);

    public Task<AuthenticationTicket?> RetrieveAsync(string key, CancellationToken cancellationToken) => RetrieveAsync(key, null, cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext? httpContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var now = _clock.GetUtcNow();

        // Kept by the cookie's key itself (in memory only; the table holds its hash), as the ticket read rather than its
        // bytes: a request that finds it neither hashes the key nor deserializes the ticket, and gets a copy of its own.
        var cached = await _tickets.GetOrAddAsync(key, async () =>
        {
            var id = IdOf(key);
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var row = await db.SignInSessions.AsNoTracking()
                .Where(s => s.Id == id && s.ExpiresAt > now)
                .Select(s => new { s.Ticket, s.ExpiresAt })
                .SingleOrDefaultAsync(cancellationToken);
            return row is not null && TicketSerializer.Default.Deserialize(row.Ticket) is { } ticket
                ? new CachedTicket(id, ticket, row.ExpiresAt)
                : null;
        }, ticket => ticket.ExpiresAt - now < CacheFor ? ticket.ExpiresAt - now : CacheFor);
        if (cached is null || cached.ExpiresAt <= now)
        {
            return null;
        }

        if (httpContext is not null)
        {
            httpContext.Items[CurrentSessionItem] = cached.Id;
        }

        return CachedTicketDataFormat.Copy(cached.Ticket);
    }

    public Task RemoveAsync(string key) => RemoveAsync(key, CancellationToken.None);

    public async Task RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var id = IdOf(key);
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.SignInSessions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        await _tickets.ChangedAsync(cancellationToken);
    }

    public void Dispose() => _tickets.Dispose();

    private sealed record CachedTicket(string Id, AuthenticationTicket Ticket, DateTimeOffset ExpiresAt);

    /// <summary>The row id for a cookie's key: its SHA-256, in hex.</summary>
    public static string IdOf(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key ?? "")));
}
