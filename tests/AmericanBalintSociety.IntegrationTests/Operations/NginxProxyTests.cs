using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>
/// The published site, as a process, behind a real nginx running <c>docs/deploy/nginx.conf</c> and a real Caddy running
/// <c>docs/deploy/Caddyfile</c>, each terminating TLS with a self-signed certificate on loopback (issue 18). Without
/// them the tests skip with how to install them, except under <c>CI=true</c> (<c>.ci/run</c> installs them), where
/// that fails the run.
/// </summary>
public sealed class NginxProxy : IAsyncLifetime
{
    public const string Host = "abs.test";
    public const string Email = "proxied-editor@example.org";

    private static readonly string[] NginxPaths = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    private static readonly string[] CaddyPaths = ["/usr/bin/caddy", "/usr/local/bin/caddy"];

    private string? _thumbprint;
    private ChildProcess? _site;
    private ChildProcess? _nginx;
    private ChildProcess? _caddy;

    public string Folder { get; } = TestSite.CreateTempDirectory();

    /// <summary>nginx's HTTPS port.</summary>
    public int Port { get; } = SmtpTestServer.FreePort();

    /// <summary>Caddy's HTTPS port.</summary>
    public int CaddyPort { get; } = SmtpTestServer.FreePort();

    /// <summary>The HTTPS port of the proxy named ("nginx" or "caddy").</summary>
    public int PortOf(string proxy) => proxy == "caddy" ? CaddyPort : Port;

    public string? SkipReason { get; private set; }

    public string SiteOutput => string.Join('\n', new[] { _site, _nginx, _caddy }.Select(p => p?.Output));

    public async Task InitializeAsync()
    {
        var nginx = NginxPaths.FirstOrDefault(File.Exists);
        var caddy = CaddyPaths.FirstOrDefault(File.Exists);
        if (nginx is null || caddy is null)
        {
            const string message = "nginx and Caddy are not both installed (sudo apt-get install -y nginx caddy).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(message + " Under CI=true a missing nginx fails the run.");
            }

            SkipReason = message;
            return;
        }

        var root = PublishedSite.RepositoryRoot();
        var app = await PublishedSite.FolderAsync();

        var appPort = SmtpTestServer.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
            ["Site__DataDirectory"] = Path.Combine(Folder, "data"),
            ["Site__PublicBaseUrl"] = $"https://{Host}:{Port}",
            ["AllowedHosts"] = Host, // both proxies' ports: the public name is the host, whatever the port
            ["DataProtection__Certificate__Path"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Path,
            ["DataProtection__Certificate__Password"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Password,
            ["MailingList__PostalAddress"] = "The American Balint Society, 100 Test Street, Testville, NY 10001",
            ["RateLimiting__FormPostsPerMinute"] = "3",
            ["Backup__Schedule"] = "",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        await ChildProcess.RunAsync("dotnet", app, environment, PublishedSite.Dll(app), "staff", "add", "--email", Email, "--role", "Editor", "--password", Accounts.StrongPassword);

        _site = ChildProcess.Start("dotnet", app, environment, PublishedSite.Dll(app), "--urls", $"http://127.0.0.1:{appPort}");
        using (var probe = new HttpClient())
        {
            await _site.WaitUntilLiveAsync(async () =>
            {
                // The site serves only its public name (Site:PublicBaseUrl), as deployed.
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{appPort}/healthz/live"));
                request.Headers.Host = $"{Host}:{Port}";
                return await probe.SendAsync(request);
            });
        }

        // The deploy recipe, as written, with this machine's ports, name and certificate.
        using var certificate = SelfSignedCertificate.ForLoopback();
        _thumbprint = certificate.GetCertHashString();
        await File.WriteAllTextAsync(Path.Combine(Folder, "site.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(Folder, "site.key"), certificate.GetRSAPrivateKey()?.ExportPkcs8PrivateKeyPem() ?? certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var recipe = (await File.ReadAllTextAsync(Path.Combine(root, "docs", "deploy", "nginx.conf")))
            .Replace("listen 80;", $"listen 127.0.0.1:{SmtpTestServer.FreePort()};", StringComparison.Ordinal)
            .Replace("listen [::]:80;", "", StringComparison.Ordinal)
            .Replace("listen 443 ssl http2;", $"listen 127.0.0.1:{Port} ssl http2;", StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl http2;", "", StringComparison.Ordinal)
            .Replace("www.americanbalintsociety.org;", $"{Host};", StringComparison.Ordinal)
            .Replace("/etc/letsencrypt/live/www.americanbalintsociety.org/fullchain.pem", Path.Combine(Folder, "site.crt"), StringComparison.Ordinal)
            .Replace("/etc/letsencrypt/live/www.americanbalintsociety.org/privkey.pem", Path.Combine(Folder, "site.key"), StringComparison.Ordinal)
            .Replace("127.0.0.1:5000", $"127.0.0.1:{appPort}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(Folder, "abs.conf"), recipe);
        var temp = Path.Combine(Folder, "nginx-temp");
        Directory.CreateDirectory(temp);
        await File.WriteAllTextAsync(Path.Combine(Folder, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{Folder}}/nginx.pid;
            error_log {{Folder}}/nginx-error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{Folder}}/abs.conf;
            }
            """);
        _nginx = ChildProcess.Start(nginx, Folder, new Dictionary<string, string>(), "-p", Folder, "-c", Path.Combine(Folder, "nginx.conf"), "-g", "daemon off; master_process off;");
        await ChildProcess.WaitForPortAsync(Port, "nginx did not start: " + (File.Exists(Path.Combine(Folder, "nginx-error.log")) ? File.ReadAllText(Path.Combine(Folder, "nginx-error.log")) : ""));

        // The Caddy recipe, with this machine's port, name and certificate instead of the public name's automatic one.
        var caddyfile = (await File.ReadAllTextAsync(Path.Combine(root, "docs", "deploy", "Caddyfile")))
            .Replace("www.americanbalintsociety.org {", $"https://{Host}:{CaddyPort} {{\n\ttls {Path.Combine(Folder, "site.crt")} {Path.Combine(Folder, "site.key")}", StringComparison.Ordinal)
            .Replace("127.0.0.1:5000", $"127.0.0.1:{appPort}", StringComparison.Ordinal);
        caddyfile = caddyfile[..caddyfile.IndexOf("americanbalintsociety.org {", StringComparison.Ordinal)]; // the apex redirect needs the public name
        await File.WriteAllTextAsync(Path.Combine(Folder, "Caddyfile"),
            $"{{\n\tadmin off\n\tauto_https disable_redirects\n\tstorage file_system {Path.Combine(Folder, "caddy")}\n}}\n\n{caddyfile}");
        _caddy = ChildProcess.Start(caddy, Folder, new Dictionary<string, string> { ["HOME"] = Folder }, "run", "--adapter", "caddyfile", "--config", Path.Combine(Folder, "Caddyfile"));
        await ChildProcess.WaitForPortAsync(CaddyPort, "Caddy did not start: " + SiteOutput);
    }

    /// <summary>A browser-like client reaching nginx from the loopback address <paramref name="from"/> (so each can be another visitor).</summary>
    public HttpClient Client(string proxy = "nginx", string from = "127.0.0.1") => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = true,
        CookieContainer = new CookieContainer(),
        // nginx's certificate is the one made above, and only that one is trusted.
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == _thumbprint },
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, PortOf(proxy)), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri($"https://{Host}:{PortOf(proxy)}") };

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { _caddy, _nginx, _site })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        TestSite.DeleteDirectory(Folder);
    }
}

/// <summary>What the issue asks of a proxied site, through each recipe.</summary>
public sealed class NginxProxyTests(NginxProxy proxy) : IClassFixture<NginxProxy>
{
    [SkippableTheory]
    [InlineData("nginx")]
    [InlineData("caddy")]
    public async Task ThroughTheProxy_PagesAreHttps_CookiesSecure_HstsSent_AndSignInWorks(string name)
    {
        Skip.If(proxy.SkipReason is not null, proxy.SkipReason);
        using var client = proxy.Client(name);
        using (var home = await client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("max-age=31536000", string.Join(' ', home.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
            Assert.NotNull((await Html.ParseAsync(home)).QuerySelector("main h1, main h2"));
        }

        using (var signedIn = await client.SignInAsync(NginxProxy.Email, Accounts.StrongPassword))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var cookies = signedIn.Headers.GetValues("Set-Cookie").ToList();
            Assert.NotEmpty(cookies);
            Assert.All(cookies, cookie => Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase));
        }

        using var account = await client.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, account.StatusCode);
        Assert.Contains(NginxProxy.Email, await account.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        if (name == "nginx")
        {
            // Plain HTTP at nginx is sent to HTTPS by the recipe's first server block (Caddy does it by itself).
            Assert.Contains("return 301 https://$host$request_uri;", await File.ReadAllTextAsync(Path.Combine(proxy.Folder, "abs.conf")), StringComparison.Ordinal);
        }
    }

    [SkippableTheory]
    [InlineData("nginx", "127.0.0.2", "127.0.0.3")]
    [InlineData("caddy", "127.0.0.4", "127.0.0.5")]
    public async Task ThePerAddressRateLimit_CountsTheVisitorsAddress_NotTheProxys(string name, string visitor, string otherVisitor)
    {
        Skip.If(proxy.SkipReason is not null, proxy.SkipReason);
        using var first = proxy.Client(name, visitor);
        using var second = proxy.Client(name, otherVisitor);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var post = await first.PostAsync(new Uri("/donate", UriKind.Relative), new FormUrlEncodedContent([]));
            statuses.Add(post.StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]); // the limit is 3 a minute for that visitor
        using var other = await second.PostAsync(new Uri("/donate", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode); // another visitor, through the same proxy, is not limited
    }
}
