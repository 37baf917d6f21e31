using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmericanBalintSociety.TestSupport;

/// <summary>A certificate for 127.0.0.1 and localhost, valid for a day, made in memory for a test run.</summary>
public static class SelfSignedCertificate
{
    public static X509Certificate2 ForLoopback()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));

        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }

    /// <summary>
    /// Writes a PKCS#12 file holding a new RSA certificate and its private key, protected by <paramref name="password"/>,
    /// as an operator makes one to encrypt the data-protection keys (docs/operations.md).
    /// </summary>
    public static void WriteKeyEncryptionCertificate(string path, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=American Balint Society data protection (test)", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
    }

    /// <summary>One key-encryption certificate for the whole test run (every test site encrypts its keys, as deployed).</summary>
    public static (string Path, string Password) SharedKeyEncryptionCertificate => SharedKeyEncryption.Value;

    private static readonly Lazy<(string Path, string Password)> SharedKeyEncryption = new(() =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "abs-tests", "keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        var path = Path.Combine(folder, "data-protection.pfx");
        const string password = "test-run key password";
        WriteKeyEncryptionCertificate(path, password);
        return (path, password);
    }, LazyThreadSafetyMode.ExecutionAndPublication);
}
