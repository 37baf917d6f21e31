using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AmericanBalintSociety.IntegrationTests.MailingList;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Data.Backups;
using AmericanBalintSociety.Web.Features.Membership;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>
/// Two instances of the published site as real processes over one SQLite file and one real Redis (Debian's
/// <c>redis-server</c>, started and stopped here), as a deployment behind a load balancer runs them (issue 19). Without
/// redis-server the tests skip, saying how to install it, except under <c>CI=true</c> (<c>.ci/run</c> installs it).
/// </summary>
public sealed class TwoInstances : IAsyncLifetime
{
    public const string Host = "abs.test";
    public const string Editor = "balancer-editor@example.org";
    public const int FormPostsPerMinute = 5;
    public const int Subscribers = 500;
    public const string ArticleSlug = "abs-passes-diversity-resolution";

    private static readonly string[] RedisPaths = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

    private string? _redisServer;
    private string? _thumbprint;
    private HttpClient? _editor;

    public string Folder { get; } = TestSite.CreateTempDirectory();

    public int RedisPort { get; } = SmtpTestServer.FreePort();

    public ChildProcess? Redis { get; private set; }

    public ChildProcess? A { get; private set; }

    public ChildProcess? B { get; private set; }

    public int PortA { get; } = SmtpTestServer.FreePort();

    public int PortB { get; } = SmtpTestServer.FreePort();

    public string? SkipReason { get; private set; }

    public string EditorKey { get; private set; } = "";

    public int ArticleId { get; private set; }

    public int NewsletterId { get; private set; }

    public MailPickup Mail => new(Path.Combine(Folder, "mail"));

    public string Output => $"A:\n{A?.Output}\nB:\n{B?.Output}\nredis:\n{Redis?.Output}";

    public async Task InitializeAsync()
    {
        _redisServer = RedisPaths.FirstOrDefault(File.Exists);
        if (_redisServer is null)
        {
            const string message = "redis-server is not installed (sudo apt-get install -y redis-server).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(message + " Under CI=true a missing redis-server fails the run.");
            }

            SkipReason = message;
            return;
        }

        var app = await PublishedSite.FolderAsync();

        // The shared database, made ready by an in-process site that is gone before the instances start: the staff
        // account (with two-factor), 500 confirmed subscribers and a newsletter draft to them.
        await using (var setup = new TestSite { Directory = Folder })
        {
            await setup.AddStaffAsync(Editor, Roles.Editor);
            EditorKey = await setup.EnableTwoFactorAsync(Editor);
            ArticleId = await setup.WithDbAsync(db => db.Articles.Where(a => a.Slug == ArticleSlug).Select(a => a.Id).SingleAsync());
            await TestNewsletters.AddConfirmedSubscribersAsync(setup, Enumerable.Range(1, Subscribers).Select(i => $"reader{i:000}@example.org"));
            NewsletterId = (await TestNewsletters.DraftAsync(setup, "News from both instances", Editor, new Uri($"https://{Host}/"))).Id;
        }

        using var certificate = SelfSignedCertificate.ForLoopback();
        _thumbprint = certificate.GetCertHashString();
        await File.WriteAllTextAsync(Path.Combine(Folder, "site.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(Folder, "site.key"), certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());

        StartRedis();
        await ChildProcess.WaitForPortAsync(RedisPort, "redis-server did not start");

        // One after the other, as a rolling start does: the first has nothing left to migrate or seed anyway.
        A = await StartInstanceAsync(app, PortA, RedisPort);
        B = await StartInstanceAsync(app, PortB, RedisPort);
    }

    public void StartRedis() =>
        Redis = ChildProcess.Start(_redisServer!, Folder, new Dictionary<string, string>(),
            "--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");

    /// <summary>Starts an instance over the shared folder; returns once it answers.</summary>
    public async Task<ChildProcess> StartInstanceAsync(string app, int port, int redisPort)
    {
        var database = Path.Combine(Folder, "abs.db");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Default"] = $"Data Source={database}",
            ["Site__DataDirectory"] = Folder,
            ["Site__PublicBaseUrl"] = $"https://{Host}",
            ["AllowedHosts"] = Host,
            ["Kestrel__Certificates__Default__Path"] = Path.Combine(Folder, "site.crt"),
            ["Kestrel__Certificates__Default__KeyPath"] = Path.Combine(Folder, "site.key"),
            ["DataProtection__Certificate__Path"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Path,
            ["DataProtection__Certificate__Password"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Password,
            ["Email__PickupDirectory"] = Path.Combine(Folder, "mail"),
            ["Jobs__StartDelay"] = "00:00:00",
            ["Email__Dispatcher__PollInterval"] = "00:00:00.200",
            ["Email__Dispatcher__BatchSize"] = "20",
            ["News__MediaDirectory"] = Path.Combine(Folder, "media"),
            ["Shop__EbookDirectory"] = Path.Combine(Folder, "ebooks"),
            ["MailingList__PostalAddress"] = "The American Balint Society, 100 Test Street, Testville, NY 10001",
            ["MailingList__Sending__BatchInterval"] = "00:00:00.100",
            ["MailingList__Sending__BatchSize"] = "25",
            ["RateLimiting__FormPostsPerMinute"] = FormPostsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Redis__Configuration"] = $"127.0.0.1:{redisPort},connectTimeout=2000",
            ["Backup__Schedule"] = "",
            ["Backup__BeforeMigrations"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var instance = ChildProcess.Start("dotnet", app, environment, PublishedSite.Dll(app), "--urls", $"https://127.0.0.1:{port}");
        await instance.WaitUntilLiveAsync(async () =>
        {
            using var probe = Client(port);
            return await probe.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        });
        return instance;
    }

    /// <summary>A browser-like client of the instance on <paramref name="port"/>, connecting from the loopback address <paramref name="from"/>.</summary>
    public HttpClient Client(int port, string from = "127.0.0.1", CookieContainer? cookies = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = cookies ?? new CookieContainer(),
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _thumbprint },
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri($"https://{Host}:{port}") };

    /// <summary>The editor, signed in on instance A once for every test (an authenticator code serves one sign-in).</summary>
    public async Task<HttpClient> EditorOnAAsync()
    {
        if (_editor is null)
        {
            var client = Client(PortA);
            using var signedIn = await client.SignInWithTwoFactorAsync(Editor, Accounts.StrongPassword, EditorKey);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            _editor = client;
        }

        return _editor;
    }

    public async Task DisposeAsync()
    {
        _editor?.Dispose();
        foreach (var process in new[] { A, B, Redis })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        TestSite.DeleteDirectory(Folder);
    }
}

/// <summary>What issue 19 asks of several instances: changes seen everywhere at once, limits shared, mail sent once.</summary>
[Trait("Database", "Sqlite")] // about the SQLite file itself: left out when the tests run on SQL Server (docs/operations.md)
public sealed class MultiInstanceTests(TwoInstances sites) : IClassFixture<TwoInstances>
{
    [SkippableFact]
    public async Task AnArticleEditedThroughA_IsServedChangedByB_AtOnce_CachedOrNot()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        using var visitorOfB = sites.Client(sites.PortB);
        var path = $"/news/{TwoInstances.ArticleSlug}";

        // B has the page in the output cache (Redis) and the article in its own data cache.
        for (var i = 0; i < 2; i++)
        {
            await visitorOfB.GetStringAsync(new Uri(path, UriKind.Relative));
            await UncachedAsync(visitorOfB, path);
        }

        var title = $"Diversity resolution, edited on A {Guid.NewGuid():N}"[..60];
        await EditTitleOnAAsync(title);

        var page = await Html.ParseAsync(await visitorOfB.GetAsync(new Uri(path, UriKind.Relative)));
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent.Trim());
        var uncached = await UncachedAsync(visitorOfB, path);
        Assert.Equal(title, uncached.QuerySelector("h1")!.TextContent.Trim());
    }

    [SkippableFact]
    public async Task APerAddressRateLimit_HoldsAcrossBothInstances()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        using var onA = sites.Client(sites.PortA, from: "127.0.0.21");
        using var onB = sites.Client(sites.PortB, from: "127.0.0.21");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < TwoInstances.FormPostsPerMinute + 2; i++)
        {
            using var post = await (i % 2 == 0 ? onA : onB).PostAsync(new Uri("/donate", UriKind.Relative), new FormUrlEncodedContent([]));
            statuses.Add(post.StatusCode);
        }

        // Five a minute for this address in all, not five on each instance.
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(TwoInstances.FormPostsPerMinute));
        Assert.All(statuses.Skip(TwoInstances.FormPostsPerMinute), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));

        using var otherVisitor = sites.Client(sites.PortB, from: "127.0.0.22");
        using var other = await otherVisitor.PostAsync(new Uri("/donate", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [SkippableFact]
    public async Task ANewsletterTo500Subscribers_SentWithBothRunning_ReachesEachOnce()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        var editor = await sites.EditorOnAAsync();
        var confirm = await editor.GetDocumentAsync($"/admin/newsletters/{sites.NewsletterId}/send");
        using (var sent = await editor.SubmitAsync(confirm, "form#send-newsletter", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        IReadOnlyList<string> Recipients() => sites.Mail.All().Where(m => m.Subject == "News from both instances")
            .Select(m => m.To.Mailboxes.Single().Address).ToList();
        await Eventually.TrueAsync(() => Task.FromResult(Recipients().Count >= TwoInstances.Subscribers), TimeSpan.FromSeconds(120),
            $"not all {TwoInstances.Subscribers} delivered: {Recipients().Count}");
        await Task.Delay(TimeSpan.FromSeconds(2)); // a duplicate would be written by now
        var recipients = Recipients();
        Assert.Equal(TwoInstances.Subscribers, recipients.Count);
        Assert.Equal(TwoInstances.Subscribers, recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [SkippableFact]
    public async Task WithRedisDown_BothServeAndSeeEachOthersEdits_AndANewInstanceStarts()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        using var visitorOfB = sites.Client(sites.PortB);
        var path = $"/news/{TwoInstances.ArticleSlug}";
        await UncachedAsync(visitorOfB, path);
        await sites.Redis!.KillAsync();
        try
        {
            // Caches fall back to the database: B serves, and sees A's edit at once without hearing of it.
            var title = $"Edited while Redis is down {Guid.NewGuid():N}"[..50];
            await EditTitleOnAAsync(title);
            Assert.Equal(title, (await Html.ParseAsync(await visitorOfB.GetAsync(new Uri(path, UriKind.Relative)))).QuerySelector("h1")!.TextContent.Trim());
            Assert.Equal(title, (await UncachedAsync(visitorOfB, path)).QuerySelector("h1")!.TextContent.Trim());
            using (var health = await visitorOfB.GetAsync(new Uri("/healthz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                Assert.Contains("\"redis\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                Assert.Contains("Degraded", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }

            Assert.Contains("Redis connection lost", sites.B!.Output, StringComparison.Ordinal);

            // A third instance starts and serves with its Redis unreachable, and says so.
            var port = SmtpTestServer.FreePort();
            await using var third = await sites.StartInstanceAsync(await PublishedSite.FolderAsync(), port, sites.RedisPort);
            using var visitorOfThird = sites.Client(port);
            using (var home = await visitorOfThird.GetAsync(new Uri("/", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            }

            // It gives up on the first connection after the connect timeout (2 s here), having served meanwhile.
            await Eventually.TrueAsync(() => Task.FromResult(third.Output.Contains("Redis is configured but not answering", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(15), "no warning that Redis is not answering: " + third.Output);
        }
        finally
        {
            sites.StartRedis();
            await ChildProcess.WaitForPortAsync(sites.RedisPort, "redis-server did not restart");
        }

        // Back: the instances reconnect (each in its own time: the edit below is made once both have) and share changes again.
        using var visitorOfA = sites.Client(sites.PortA);
        foreach (var (name, visitor) in new[] { ("A", visitorOfA), ("B", visitorOfB) })
        {
            await Eventually.TrueAsync(async () =>
            {
                using var health = await visitor.GetAsync(new Uri("/healthz", UriKind.Relative));
                return !(await health.Content.ReadAsStringAsync()).Contains("Degraded", StringComparison.Ordinal);
            }, TimeSpan.FromSeconds(30), $"{name} did not reconnect to Redis: " + sites.Output);
        }

        await UncachedAsync(visitorOfB, path);
        var after = $"Edited after Redis came back {Guid.NewGuid():N}"[..50];
        await EditTitleOnAAsync(after);
        Assert.Equal(after, (await UncachedAsync(visitorOfB, path)).QuerySelector("h1")!.TextContent.Trim());
    }

    /// <summary>
    /// An instance cut off from Redis while the others keep theirs (a partition, or its own reconnect coming later): a
    /// change made on it cannot be published then, and the others, still trusting their caches, would serve the old data
    /// for up to the cache's lifetime. It is published as soon as the instance is back. Two SiteChanges in this process,
    /// on the fixture's redis-server, A's through a relay the test cuts.
    /// </summary>
    [SkippableFact]
    public async Task AChangeMadeWhileCutOffFromRedis_IsPublishedWhenTheInstanceIsBack()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        await using var relay = new TcpRelay(sites.RedisPort);
        relay.Open();
        var prefix = $"test-{Guid.NewGuid():N}:";
        var (redisA, changesA) = ChangesOn(relay.Port, prefix);
        var (redisB, changesB) = ChangesOn(sites.RedisPort, prefix);
        var heardByB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changesB.Subscribe("news", () =>
        {
            heardByB.TrySetResult();
            return Task.CompletedTask;
        });
        try
        {
            foreach (var service in new Microsoft.Extensions.Hosting.IHostedService[] { redisA, changesA, redisB, changesB })
            {
                await service.StartAsync(CancellationToken.None);
            }

            await Eventually.TrueAsync(() => Task.FromResult(changesA.Reliable && changesB.Reliable), TimeSpan.FromSeconds(20), "the two did not connect");
            heardByB = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); // connecting raises every topic

            relay.Cut();
            await Eventually.TrueAsync(() => Task.FromResult(!redisA.IsConnected), TimeSpan.FromSeconds(20), "A did not notice the cut");
            await changesA.PublishAsync("news", CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(heardByB.Task.IsCompleted, "B heard of a change A could not have published");
            Assert.True(changesB.Reliable);

            relay.Open();
            await heardByB.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await changesA.StopAsync(CancellationToken.None);
            await changesB.StopAsync(CancellationToken.None);
            await redisA.DisposeAsync();
            await redisB.DisposeAsync();
        }
    }

    private static (Web.Infrastructure.Redis.SiteRedis Redis, Web.Infrastructure.Redis.SiteChanges Changes) ChangesOn(int port, string prefix)
    {
        var redis = new Web.Infrastructure.Redis.SiteRedis(
            Microsoft.Extensions.Options.Options.Create(new Web.Infrastructure.Redis.RedisOptions
            {
                Configuration = $"127.0.0.1:{port},connectTimeout=2000",
                KeyPrefix = prefix,
            }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Infrastructure.Redis.SiteRedis>.Instance);
        return (redis, new Web.Infrastructure.Redis.SiteChanges(redis, Microsoft.Extensions.Logging.Abstractions.NullLogger<Web.Infrastructure.Redis.SiteChanges>.Instance));
    }

    [SkippableFact]
    public async Task ASessionSignedOutOnA_IsRefusedByB_AtOnce()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        var cookies = new CookieContainer();
        using var onA = sites.Client(sites.PortA, cookies: cookies);
        using (var signedIn = await onA.SignInWithTwoFactorAsync(TwoInstances.Editor, Accounts.StrongPassword, sites.EditorKey))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        // The same browser's cookies reach B (one site name behind the balancer); B now holds the session in memory.
        using var onB = sites.Client(sites.PortB);
        onB.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(new Uri($"https://{TwoInstances.Host}:{sites.PortA}/")));
        for (var i = 0; i < 2; i++)
        {
            Assert.Contains("Sign out", (await onB.GetDocumentAsync("/")).QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
        }

        using (var signedOut = await onA.SignOutAsync())
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        Assert.Contains("Sign in", (await onB.GetDocumentAsync("/")).QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void BothInstancesShareTheSiteLock_SoARestoreWouldBeRefused()
    {
        Skip.If(sites.SkipReason is not null, sites.SkipReason);
        Assert.True(SiteLock.IsHeld(Path.Combine(sites.Folder, SiteLock.RelativePath)));
        Assert.DoesNotContain("site.lock", sites.A!.Output + sites.B!.Output, StringComparison.Ordinal); // no warning about it from either
    }

    /// <summary>The page as a signed-in member or API client gets it: past the output cache, from the data cache.</summary>
    private static async Task<IDocument> UncachedAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "not-output-cached");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Html.ParseAsync(response);
    }

    private async Task EditTitleOnAAsync(string title)
    {
        var editor = await sites.EditorOnAAsync();
        var edit = await editor.GetDocumentAsync($"/admin/news/{sites.ArticleId}");
        var values = new Dictionary<string, string>();
        var form = edit.QuerySelector("form.editor")!;
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name^='Form.']").Where(i => i.Type is "text" or "datetime-local"))
        {
            values[input.Name!] = input.Value;
        }

        foreach (var area in form.QuerySelectorAll<IHtmlTextAreaElement>("textarea[name^='Form.']"))
        {
            values[area.Name!] = area.Value;
        }

        values["Form.Title"] = title;
        values["intent"] = "update";
        using var saved = await editor.SubmitAsync(edit, "form.editor", values);
        Assert.True(saved.StatusCode == HttpStatusCode.Redirect, $"the edit answered {saved.StatusCode}: {await saved.Content.ReadAsStringAsync()}");
    }

}
