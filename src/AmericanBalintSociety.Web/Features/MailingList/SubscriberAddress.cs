using System.Security.Cryptography;
using System.Text;
using MimeKit;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>What counts as the same address, its one-way hash, and the random tokens of list links.</summary>
public static class SubscriberAddress
{
    /// <summary>RFC 5321's limit on a forward path.</summary>
    public const int MaximumLength = 254;

    public const int MaximumNameLength = 100;

    /// <summary>Trimmed and upper-cased (invariant): "Ann@Example.org" and "ann@example.org " are one subscriber.</summary>
    public static string Normalize(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.Trim().ToUpperInvariant();
    }

    /// <summary>
    /// SHA-256 (hex) of the normalised address. Kept after a removal so no import can add the address again; it is a
    /// pseudonym, not anonymity (a known address can be hashed and compared), which is exactly what suppression needs.
    /// </summary>
    public static string Hash(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("abs-mailing-list:" + Normalize(address))));

    /// <summary>A single mailbox, nothing else: "name@domain.tld", no display name, no spaces, a dotted domain, at most 254 characters.</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrWhiteSpace(address))
        {
            return false;
        }

        var trimmed = address.Trim();
        if (trimmed.Length > MaximumLength || trimmed.Any(char.IsWhiteSpace) || trimmed.Contains('<', StringComparison.Ordinal))
        {
            return false;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, trimmed, out var mailbox)
            || !string.Equals(mailbox.Address, trimmed, StringComparison.Ordinal))
        {
            return false;
        }

        var at = trimmed.LastIndexOf('@');
        var domain = trimmed[(at + 1)..];
        return at > 0 && domain.Contains('.', StringComparison.Ordinal) && !domain.StartsWith('.') && !domain.EndsWith('.');
    }

    /// <summary>A URL-safe random token (256 bits).</summary>
    public static string NewToken() => Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    /// <summary>How a token is stored: its SHA-256 (hex), so a copy of the database holds no working link.</summary>
    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
