namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>A certificate file (PKCS#12, with its private key) and its password, from settings.</summary>
public sealed class CertificateFile
{
    public string? Path { get; set; }

    /// <summary>A secret: user-secrets or the environment (<c>DataProtection__Certificate__Password</c>), never a file in the repository.</summary>
    public string? Password { get; set; }
}
