namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>Settings under <c>DataProtection</c>.</summary>
public sealed class KeyEncryptionSettings
{
    public const string SectionName = "DataProtection";

    /// <summary>Encrypts the data-protection keys at rest (new keys are encrypted with it).</summary>
    public CertificateFile? Certificate { get; set; }

    /// <summary>Certificates the keys were encrypted with before a rotation: they still decrypt the older keys.</summary>
    public List<CertificateFile> PreviousCertificates { get; set; } = [];
}
