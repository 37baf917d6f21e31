using System.Net;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.TestSupport;

/// <summary>
/// The real site over a real SQLite file in a fresh temporary folder, mail written to a pickup folder
/// there, in the Production environment (so error pages, HSTS and logging are as deployed).
/// Settings can be overridden per test class; a second <see cref="TestSite"/> over the same folder is a restart.
/// </summary>
public class TestSite : WebApplicationFactory<Program>
{
    private string? _directory;
    private bool _ownsDirectory = true;

    /// <summary>Settings on top of the test defaults (a fresh folder, fast mail retries, generous rate limits).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces services after the site registered its own (e.g. a recording mail transport).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>
    /// The folder that holds this site's database and mail: a fresh temporary one (deleted with the site),
    /// or one given to share between two sites in turn, which is how a restart is tested.
    /// </summary>
    public string Directory
    {
        get => _directory ??= CreateTempDirectory();
        init
        {
            _directory = value;
            _ownsDirectory = false;
        }
    }

    /// <summary>
    /// The site deletes its folder when disposed even though it was given one: the last of several sites over one
    /// folder (a restart test's second site), so the folder outlives every site that uses it.
    /// </summary>
    public bool DeletesDirectory { get; init; }

    /// <summary>A new empty folder; pass it to two sites in turn to test a restart; the last one <see cref="DeletesDirectory"/>.</summary>
    public static string CreateTempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "abs-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public static void DeleteDirectory(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on some platform; the OS cleans the temp folder.
        }
    }

    public string DatabasePath => Path.Combine(Directory, "abs.db");

    /// <summary>
    /// <c>ABS_TEST_SQLSERVER</c>: a SQL Server connection string whose login may create databases. Set, every test site
    /// runs on SQL Server instead of SQLite, each folder (so each site, and the sites of a restart test in turn) in a
    /// database of its own, created by the site's migrations at start and dropped with the folder (docs/operations.md).
    /// </summary>
    public static string? SqlServer => Environment.GetEnvironmentVariable("ABS_TEST_SQLSERVER") is { Length: > 0 } value ? value : null;

    /// <summary>The SQL Server database of this site's folder, when <see cref="SqlServer"/> is set.</summary>
    public string SqlServerDatabase =>
        "abs_test_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Directory)))[..16];

    /// <summary>
    /// Start from no database file, so the site runs every migration itself (the migration tests). Otherwise a new
    /// folder gets a copy of <see cref="MigratedDatabaseTemplate"/>, which is much faster and leaves the same schema.
    /// </summary>
    public bool StartFromEmptyDatabase { get; init; }

    /// <summary>
    /// PBKDF2 iterations for this site's password hashes. The site's own 600,000 make each sign-in, registration and
    /// staff account in a test cost a quarter of a second or more; tests that are about the hash itself ask for
    /// <see cref="PasswordRules.HashIterations"/>.
    /// </summary>
    public int PasswordHashIterations { get; init; } = TestPasswordHashIterations;

    /// <summary>The cheap cost every other test site uses.</summary>
    public const int TestPasswordHashIterations = 1_000;

    public string MailDirectory => Path.Combine(Directory, "mail");

    public MailPickup Mail => new(MailDirectory);

    /// <summary>Set by <see cref="StartOnRealPort"/>: the address a browser can reach.</summary>
    public Uri? RealAddress { get; private set; }

    /// <summary>Set by <see cref="StartOnRealPort"/>: the thumbprint of the self-signed certificate served there.</summary>
    public string? RealCertificateThumbprint { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (SqlServer is null && !StartFromEmptyDatabase && !File.Exists(DatabasePath))
        {
            MigratedDatabaseTemplate.CopyTo(DatabasePath);
        }

        builder.UseEnvironment("Production");
        builder.UseStaticWebAssets();
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:Default"] = $"Data Source={DatabasePath}",
            // Required outside Development; the in-memory clients' address (StartOnRealPort sets its own).
            ["Site:PublicBaseUrl"] = "https://localhost",
            // The keys are encrypted at rest, as deployed.
            ["DataProtection:Certificate:Path"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Path,
            ["DataProtection:Certificate:Password"] = SelfSignedCertificate.SharedKeyEncryptionCertificate.Password,
            ["Email:PickupDirectory"] = MailDirectory,
            // The data (and its lock, backups and restores) live in the test's own folder.
            ["Site:DataDirectory"] = Directory,
            ["Backup:Schedule"] = "",
            // Uploaded files go to the test's own folder, never into the source tree.
            ["News:MediaDirectory"] = Path.Combine(Directory, "media"),
            ["Shop:EbookDirectory"] = Path.Combine(Directory, "ebooks"),
            // Background work from the start (the site waits 5 s after a start, for the first pages' sake).
            ["Jobs:StartDelay"] = "00:00:00",
            ["Email:Dispatcher:PollInterval"] = "00:00:00.200",
            ["Email:Dispatcher:RetryBaseDelay"] = "00:00:00.200",
            ["Email:Dispatcher:RetryMaxDelay"] = "00:00:01",
            ["Email:Dispatcher:LeaseDuration"] = "00:00:30",
            ["RateLimiting:FormPostsPerMinute"] = "1000",
            ["RateLimiting:SignupsPerMinute"] = "1000",
            ["MailingList:PostalAddress"] = "The American Balint Society, 100 Test Street, Testville, NY 10001",
            ["MailingList:MinimumTimeOnForm"] = "00:00:00",
            ["MailingList:Sending:BatchInterval"] = "00:00:00.100",
            ["RateLimiting:SearchesPerMinute"] = "1000",
            // The test run prints a line per test; the site's information logs would bury them. Warnings still show.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (SqlServer is { } server)
        {
            settings["Database:Provider"] = "SqlServer";
            settings["ConnectionStrings:Default"] = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(server) { InitialCatalog = SqlServerDatabase }.ConnectionString;
        }

        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordHashIterations));
        if (TestServices is not null)
        {
            builder.ConfigureTestServices(TestServices);
        }
    }

    /// <summary>A client that behaves like a browser on https: cookies kept, redirects not followed.</summary>
    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            AllowAutoRedirect = false,
            HandleCookies = true,
        });

    /// <summary>
    /// Serves the site with Kestrel over HTTPS (a throwaway self-signed certificate) on a free loopback
    /// port, as it is served in production, for the browser tests.
    /// </summary>
    public Uri StartOnRealPort()
    {
        // The public address, and so the mailed links and the one host served, must name the port, so it is chosen
        // before the site starts: a free one the system hands out, released just before Kestrel takes it.
        var port = FreeLoopbackPort();
        var address = new Uri($"https://localhost:{port}");
        Settings.TryAdd("Site:PublicBaseUrl", address.ToString().TrimEnd('/'));
        var certificate = SelfSignedCertificate.ForLoopback();
        UseKestrel(kestrel => kestrel.ListenLocalhost(port, listen => listen.UseHttps(certificate)));
        StartServer();
        RealCertificateThumbprint = certificate.Thumbprint;
        RealAddress = address;
        return RealAddress;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs code against the site's database in a scope of its own.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task WithDbAsync(Func<AppDbContext, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (_ownsDirectory || DeletesDirectory)
        {
            DeleteDirectory(Directory);
            await DropSqlServerDatabaseAsync();
        }
    }

    private async Task DropSqlServerDatabaseAsync()
    {
        if (SqlServer is not { } server)
        {
            return;
        }

        Microsoft.Data.SqlClient.SqlConnection.ClearAllPools();
        await using var connection = new Microsoft.Data.SqlClient.SqlConnection(
            new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ConnectionString);
        await connection.OpenAsync();
        await using var drop = connection.CreateCommand();
        // The name is "abs_test_" and hex digits: nothing in it needs quoting beyond the brackets.
        drop.CommandText = $"IF DB_ID(N'{SqlServerDatabase}') IS NOT NULL BEGIN ALTER DATABASE [{SqlServerDatabase}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{SqlServerDatabase}]; END";
        await drop.ExecuteNonQueryAsync();
    }
}
