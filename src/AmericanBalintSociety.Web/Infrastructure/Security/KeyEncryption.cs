using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>
/// Encrypts the data-protection keys (which sign the sign-in cookies, download links and every other protected token)
/// where they are stored, the database, with the certificate named by <c>DataProtection:Certificate:Path</c>, so a
/// database backup alone cannot mint them. A certificate that is named but cannot be read stops the start, with the
/// reason; none outside Development is allowed, with a loud warning at start (<see cref="KeyEncryptionCheck"/>).
/// </summary>
public static class KeyEncryption
{
    /// <returns>Whether the keys are encrypted.</returns>
    public static bool Configure(IDataProtectionBuilder dataProtection, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(dataProtection);
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(KeyEncryptionSettings.SectionName).Get<KeyEncryptionSettings>() ?? new();
        if (string.IsNullOrWhiteSpace(settings.Certificate?.Path))
        {
            return false;
        }

        dataProtection.ProtectKeysWithCertificate(Load(settings.Certificate, "DataProtection:Certificate"));
        var previous = settings.PreviousCertificates
            .Select((file, i) => Load(file, $"DataProtection:PreviousCertificates:{i}"))
            .ToArray();
        if (previous.Length > 0)
        {
            dataProtection.UnprotectKeysWithAnyCertificate(previous);
        }

        return true;
    }

    private static X509Certificate2 Load(CertificateFile file, string setting)
    {
        if (string.IsNullOrWhiteSpace(file.Path) || !File.Exists(file.Path))
        {
            throw new InvalidOperationException($"{setting}:Path names no file ('{file.Path}'). The data-protection keys cannot be read without it.");
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(file.Path, file.Password, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}: '{file.Path}' could not be opened (wrong {setting}:Password, or not a PKCS#12 file): {e.Message}", e);
        }

        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"{setting}: '{file.Path}' holds no RSA private key; the keys could be encrypted but never read back.");
        }

        return certificate;
    }
}
