using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Infrastructure;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>
/// The published site, started as deployed (the data directory in the environment), records its start for .NET's
/// multi-core JIT when it stops, keeps one profile (its build's), and starts (and stops cleanly) again with it there.
/// That the runtime replays the profile is not observable from outside; docs/performance.md measures what it saves.
/// </summary>
public sealed class StartupJitProfileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("abs-jit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ThePublishedSite_RecordsItsStart_AndKeepsOnlyItsOwnBuildsProfile()
    {
        var app = await PublishedSite.FolderAsync();
        var profiles = Path.Combine(_folder, StartupJitProfile.RelativeFolder);
        Directory.CreateDirectory(profiles);
        var another = Path.Combine(profiles, "start-0123456789abcdef0123456789abcdef.jitprofile");
        await File.WriteAllTextAsync(another, "an earlier build's profile");

        await RunOnceAsync(app);
        Assert.False(File.Exists(another), "an earlier build's profile was kept");
        var profile = Assert.Single(Directory.GetFiles(profiles));
        Assert.Matches("^start-[0-9a-f]{32}\\.jitprofile$", Path.GetFileName(profile));
        Assert.True(new FileInfo(profile).Length > 10_000, "the profile records next to nothing");

        // The next start reads it, answers, and writes its own in its place.
        await RunOnceAsync(app);
        Assert.Equal([profile], Directory.GetFiles(profiles));
    }

    private async Task RunOnceAsync(string app)
    {
        var port = SmtpTestServer.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Site__DataDirectory"] = _folder,
            ["Site__PublicBaseUrl"] = $"https://127.0.0.1:{port}",
            ["DataProtection__Certificate__Path"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Path,
            ["DataProtection__Certificate__Password"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Password,
            ["MailingList__PostalAddress"] = "The American Balint Society, 100 Test Street, Testville, NY 10001",
            ["Backup__Schedule"] = "",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await using var site = ChildProcess.Start("dotnet", app, environment, PublishedSite.Dll(app), "--urls", $"http://127.0.0.1:{port}");
        using var probe = new HttpClient();
        await site.WaitUntilLiveAsync(() => probe.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz/live")));

        await site.StopAsync();
        Assert.True(site.ExitCode == 0, $"exit code {site.ExitCode} after SIGTERM: {site.Output}");
    }
}
