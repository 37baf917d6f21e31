using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>A change to how an account signs in, which its owner is told of by mail.</summary>
public enum SecurityChange
{
    EmailChanged,
    PasswordChanged,
    TwoFactorTurnedOff,
    AuthenticatorReset,
}

/// <summary>What a "This wasn't me" link carries: the account, the change, and the address the notice went to.</summary>
public sealed record NotMeReport(string UserId, SecurityChange Change, string NoticeAddress);

/// <summary>
/// Tells an account's owner of each change to how it signs in, with a "This wasn't me" link (signed, for
/// <see cref="LinkLifetime"/>) that secures the account (<see cref="AccountLockdown"/>). An email change is told to the
/// old address, which is the one an intruder does not hold.
/// </summary>
public sealed class AccountSecurityNotices(IDataProtectionProvider protection, AccountEmails emails, AccountLinks links)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(7);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("AmericanBalintSociety.Membership.NotMe").ToTimeLimitedDataProtector();

    /// <summary>Adds the notice to the caller's unit of work: it is sent when the change it tells of is saved.</summary>
    public void Notify(ApplicationUser user, SecurityChange change, string noticeAddress, Uri siteBase, string? newEmail = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var code = _protector.Protect(JsonSerializer.Serialize(new NotMeReport(user.Id, change, noticeAddress)), LinkLifetime);
        emails.SecurityChanged(user, noticeAddress, change, links.NotMe(siteBase, code), LinkLifetime, newEmail);
    }

    /// <summary>The report a link carries, or null for a link that is forged, mangled or out of date.</summary>
    public NotMeReport? Read(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<NotMeReport>(_protector.Unprotect(code));
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            return null;
        }
    }
}
