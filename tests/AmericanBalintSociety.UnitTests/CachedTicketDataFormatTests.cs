using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;

namespace AmericanBalintSociety.UnitTests;

/// <summary>The sign-in cookie decrypted once and remembered: the same ticket, made once, and never a shared one.</summary>
public sealed class CachedTicketDataFormatTests
{
    private readonly CountingFormat _inner = new(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("test")));

    [Fact]
    public void TheSameCookie_IsDecryptedOnce_AndGivesTheSameSessionKeyEachTime()
    {
        using var format = new CachedTicketDataFormat(_inner);
        var cookie = format.Protect(Ticket("session-1"));

        var first = format.Unprotect(cookie);
        var second = format.Unprotect(cookie);

        Assert.Equal(1, _inner.Unprotected);
        Assert.Equal("session-1", first!.Principal.FindFirstValue("key"));
        Assert.Equal("session-1", second!.Principal.FindFirstValue("key"));
        Assert.Equal(first.Properties.ExpiresUtc, second.Properties.ExpiresUtc);
    }

    [Fact]
    public void WhatTheHandlerChanges_IsNotWhatTheNextRequestGets()
    {
        using var format = new CachedTicketDataFormat(_inner);
        var cookie = format.Protect(Ticket("session-2"));

        var first = format.Unprotect(cookie)!;
        first.Properties.ExpiresUtc = DateTimeOffset.UnixEpoch;
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added", "yes"));
        var second = format.Unprotect(cookie)!;

        Assert.NotEqual(DateTimeOffset.UnixEpoch, second.Properties.ExpiresUtc);
        Assert.Null(second.Principal.FindFirst("added"));
    }

    [Fact]
    public void AForgedCookie_IsRefusedEveryTime_AndNothingIsKeptForIt()
    {
        using var format = new CachedTicketDataFormat(_inner);
        var forged = format.Protect(Ticket("session-3"))[..^4] + "AAAA";

        Assert.Null(format.Unprotect(forged));
        Assert.Null(format.Unprotect(forged));
        Assert.Equal(2, _inner.Unprotected);
    }

    [Fact]
    public void DifferentCookies_AreEachTheirOwn()
    {
        using var format = new CachedTicketDataFormat(_inner);
        var one = format.Protect(Ticket("one"));
        var two = format.Protect(Ticket("two"));

        Assert.Equal("one", format.Unprotect(one)!.Principal.FindFirstValue("key"));
        Assert.Equal("two", format.Unprotect(two)!.Principal.FindFirstValue("key"));
        Assert.Equal(2, _inner.Unprotected);
    }

    private static AuthenticationTicket Ticket(string key) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim("key", key)], "test")),
            new AuthenticationProperties { ExpiresUtc = DateTimeOffset.UtcNow.AddDays(14) }, "test");

    private sealed class CountingFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Unprotected { get; private set; }

        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Unprotected++;
            return inner.Unprotect(protectedText, purpose);
        }
    }
}
