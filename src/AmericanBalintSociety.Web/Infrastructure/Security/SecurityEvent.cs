namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>What a security event line reports (docs/security.md says where each is written).</summary>
public enum SecurityEvent
{
    /// <summary>A signed-in account was refused a page (403), e.g. a member at <c>/admin</c>.</summary>
    AccessDenied,

    /// <summary>A form post without a valid antiforgery token (400).</summary>
    AntiforgeryRefused,

    /// <summary>An ebook download link that does not allow a download (404).</summary>
    DownloadRefused,

    /// <summary>A Stripe webhook whose signature is wrong or too old (400).</summary>
    WebhookSignatureRejected,

    /// <summary>A cookie or link token that cannot be decrypted or verified (forged, mangled, or from old keys).</summary>
    UndecryptableToken,

    /// <summary>A sign-in cookie of a session that was signed out, or ended by "sign out everywhere" or staff.</summary>
    EndedSessionUsed,

    /// <summary>An authenticator code used a second time.</summary>
    AuthenticatorCodeReplayed,
}
