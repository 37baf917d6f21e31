using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>The data-protection keys are encrypted in the database with the configured certificate, which can be rotated.</summary>
public sealed class KeyEncryptionTests : IDisposable
{
    private readonly string _certificates = TestSite.CreateTempDirectory();

    [Fact]
    public async Task WithACertificate_TheStoredKeysAreEncrypted_AndASignInSurvivesARestartAndARotation()
    {
        var (oldPath, newPath) = (Path.Combine(_certificates, "old.pfx"), Path.Combine(_certificates, "new.pfx"));
        SelfSignedCertificate.WriteKeyEncryptionCertificate(oldPath, "old secret");
        SelfSignedCertificate.WriteKeyEncryptionCertificate(newPath, "new secret");
        var folder = TestSite.CreateTempDirectory();
        string cookie;
        await using (var first = new TestSite { Directory = folder, Settings = { ["DataProtection:Certificate:Path"] = oldPath, ["DataProtection:Certificate:Password"] = "old secret" } })
        {
            await first.AddMemberAsync("keys@example.org");
            using var signIn = await first.CreateBrowserClient().SignInAsync("keys@example.org", Accounts.StrongPassword);
            cookie = signIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("__Host-abs.auth=", StringComparison.Ordinal));
            var stored = await first.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync());
            var key = Assert.Single(stored);
            Assert.Contains("<encryptedSecret", key, StringComparison.Ordinal);
            Assert.DoesNotContain("<value>", key, StringComparison.Ordinal); // the master key in the clear
        }

        // The new certificate encrypts from now on; the old one still opens the keys it encrypted.
        await using var rotated = new TestSite
        {
            Directory = folder,
            DeletesDirectory = true,
            Settings =
            {
                ["DataProtection:Certificate:Path"] = newPath,
                ["DataProtection:Certificate:Password"] = "new secret",
                ["DataProtection:PreviousCertificates:0:Path"] = oldPath,
                ["DataProtection:PreviousCertificates:0:Password"] = "old secret",
            },
        };
        var client = rotated.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);

        using var account = await client.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
    }

    [Fact]
    public async Task ACertificateThatCannotBeOpened_StopsTheStart_WithTheReason()
    {
        var path = Path.Combine(_certificates, "keys.pfx");
        SelfSignedCertificate.WriteKeyEncryptionCertificate(path, "the right one");
        await using var site = new TestSite { Settings = { ["DataProtection:Certificate:Path"] = path, ["DataProtection:Certificate:Password"] = "a wrong one" } };

        var refused = Assert.ThrowsAny<InvalidOperationException>(() => site.CreateClient());

        Assert.Contains("could not be opened (wrong DataProtection:Certificate:Password", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutACertificate_OutsideDevelopment_TheStartWarnsLoudly()
    {
        var log = new LogCapture();
        await using var site = new TestSite
        {
            Settings = { ["DataProtection:Certificate:Path"] = "" },
            TestServices = services => services.AddSingleton<ILoggerProvider>(log),
        };

        using var home = await site.CreateClient().GetAsync(new Uri("/", UriKind.Relative));

        Assert.Contains(log.Entries, e => e.Level == LogLevel.Warning && e.Message.StartsWith("SECURITY: the data-protection keys are stored UNENCRYPTED", StringComparison.Ordinal));
    }

    public void Dispose() => TestSite.DeleteDirectory(_certificates);
}
