using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Caching.Memory;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// The sign-in cookie's format (<see cref="Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions.TicketDataFormat"/>)
/// with what it decrypted kept in memory for <see cref="CacheFor"/>: a signed-in browser sends the same cookie on every
/// request, and data protection derives a key, decrypts and checks a MAC each time to find the same session key in it.
/// <para>
/// Only for a cookie whose sessions are kept on the server (<see cref="SignInSessionStore"/>): the cookie's ticket then
/// carries nothing but that session key, and whether the session still stands is asked of the store on every request,
/// so a session signed out or ended elsewhere ends at once as before. What this keeps is only that a cookie was made
/// here; a data-protection key revoked by hand stops opening cookies within <see cref="CacheFor"/>.
/// </para>
/// </summary>
public sealed class CachedTicketDataFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>, IDisposable
{
    /// <summary>How long a decrypted cookie is remembered.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    private const int Capacity = 20_000;

    private readonly MemoryCache _tickets = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        if (_tickets.TryGetValue(protectedText, out AuthenticationTicket? known) && known is not null)
        {
            return Copy(known); // the handler may change what it is given
        }

        var ticket = inner.Unprotect(protectedText, purpose);
        if (ticket is not null)
        {
            using var entry = _tickets.CreateEntry(protectedText);
            entry.Value = Copy(ticket);
            entry.Size = 1;
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
        }

        return ticket;
    }

    public void Dispose() => _tickets.Dispose();

    /// <summary>A ticket of its own for a request: its identities and properties copied, so what one request changes no other sees.</summary>
    public static AuthenticationTicket Copy(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(new ClaimsPrincipal(ticket.Principal.Identities.Select(identity => identity.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);
    }
}
