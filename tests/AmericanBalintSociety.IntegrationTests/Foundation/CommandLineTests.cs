using System.Diagnostics;
using System.Net;
using System.Reflection;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

[Trait("Database", "Sqlite")] // about the SQLite file itself: left out when the tests run on SQL Server (docs/operations.md)
public sealed class CommandLineTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task StaffAdd_CreatesAnAccountThatCanSignIn()
    {
        var (exit, output, error) = await site.RunCommandAsync(null,
            "staff", "add", "--email", "chair@example.org", "--role", "Admin", "--password", Accounts.StrongPassword, "--name", "Chair Person");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        Assert.Contains("Created Admin account chair@example.org", output, StringComparison.Ordinal);

        var client = site.CreateBrowserClient();
        using var signIn = await client.SignInAsync("chair@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-abs.auth=", StringComparison.Ordinal));
        Assert.Contains("secure", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", authCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", authCookie, StringComparison.OrdinalIgnoreCase);

        var home = await client.GetDocumentAsync("/");
        var account = home.QuerySelector("nav[aria-label=Account]")!;
        Assert.Contains("Sign out", account.TextContent, StringComparison.Ordinal);
        Assert.NotNull(account.QuerySelector("a[href='/admin']"));
    }

    [Fact]
    public async Task StaffAdd_ReadsThePasswordFromStandardInputWhenNotGiven()
    {
        var (exit, _, error) = await site.RunCommandAsync(Accounts.StrongPassword + "\n",
            "staff", "add", "--email", "editor@example.org", "--role", "Editor");

        Assert.Equal(0, exit);
        Assert.Equal("", error);
        using var signIn = await site.CreateBrowserClient().SignInAsync("editor@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(await InRoleAsync("editor@example.org", Roles.Editor));
    }

    [Fact]
    public async Task StaffAdd_RefusesAWeakPasswordWithTheReason()
    {
        var (exit, output, error) = await site.RunCommandAsync(null,
            "staff", "add", "--email", "weak@example.org", "--role", "Admin", "--password", "short");

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains("at least 12 characters", error, StringComparison.Ordinal);
        Assert.False(await site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "weak@example.org")));
    }

    [Fact]
    public async Task StaffAdd_RefusesABadEmail()
    {
        var (exit, _, error) = await site.RunCommandAsync(null,
            "staff", "add", "--email", "not-an-address", "--role", "Admin", "--password", Accounts.StrongPassword);

        Assert.Equal(1, exit);
        Assert.Contains("not a valid email address", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("staff", "add", "--email", "x@example.org", "--role", "Owner")]
    [InlineData("staff", "add", "--role", "Admin")]
    [InlineData("staff", "remove")]
    public async Task BadUsage_ExitsWith2AndSaysWhatIsWrong(params string[] args)
    {
        var (exit, _, error) = await site.RunCommandAsync(null, args);

        Assert.Equal(2, exit);
        Assert.NotEqual("", error.Trim());
    }

    [Fact]
    public async Task StaffAdd_GivesAnExistingAccountTheRoleWithoutTouchingItsPassword()
    {
        await site.AddStaffAsync("both@example.org", Roles.Editor);

        var (exit, output, _) = await site.RunCommandAsync(null,
            "staff", "add", "--email", "both@example.org", "--role", "Admin", "--password", "another passphrase entirely");

        Assert.Equal(0, exit);
        Assert.Contains("password was not changed", output, StringComparison.Ordinal);
        Assert.True(await InRoleAsync("both@example.org", Roles.Admin));
        Assert.True(await InRoleAsync("both@example.org", Roles.Editor));
        using var signIn = await site.CreateBrowserClient().SignInAsync("both@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task DbMigrate_ReportsTheDatabaseUpToDate()
    {
        var (exit, output, _) = await site.RunCommandAsync(null, "db", "migrate");

        Assert.Equal(0, exit);
        Assert.Contains("up to date", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var (exit, output, _) = await site.RunCommandAsync(null, "--help");

        Assert.Equal(0, exit);
        Assert.Contains("staff", output, StringComparison.Ordinal);
        Assert.Contains("db", output, StringComparison.Ordinal);

        var (addExit, addHelp, _) = await site.RunCommandAsync(null, "staff", "add", "--help");
        Assert.Equal(0, addExit);
        Assert.Contains("--email", addHelp, StringComparison.Ordinal);
        Assert.Contains("--role", addHelp, StringComparison.Ordinal);
        Assert.Contains("--password", addHelp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePublishedProgram_RunsCommandsAndExitsNonZeroOnBadInput()
    {
        var webOutput = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        var folder = Path.Combine(Path.GetTempPath(), "abs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var weak = await RunProgramAsync(webOutput, folder, null, "staff", "add", "--email", "p@example.org", "--role", "Admin", "--password", "tooshort");
            Assert.Equal(1, weak.ExitCode);
            Assert.Contains("at least 12 characters", weak.Error, StringComparison.Ordinal);

            var ok = await RunProgramAsync(webOutput, folder, Accounts.StrongPassword + "\n", "staff", "add", "--email", "p@example.org", "--role", "Admin");
            Assert.True(ok.ExitCode == 0, ok.Error);
            Assert.Contains("Created Admin account p@example.org", ok.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(folder, "abs.db")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ThePublishedProgram_AnswersAnUnknownCommandWithTheUsage_AndTouchesNothing()
    {
        var webOutput = Path.GetDirectoryName(typeof(Program).Assembly.Location)!;
        var folder = Path.Combine(Path.GetTempPath(), "abs-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var args in new[] { new[] { "backup" }, ["staf", "add"] })
            {
                var unknown = await RunProgramAsync(webOutput, folder, null, args);
                Assert.Equal(2, unknown.ExitCode);
                Assert.Contains(args[0], unknown.Error, StringComparison.Ordinal);
                Assert.Contains("staff", unknown.Output + unknown.Error, StringComparison.Ordinal);
            }

            var version = await RunProgramAsync(webOutput, folder, null, "--version");
            Assert.Equal(0, version.ExitCode);
            Assert.Equal(
                typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion,
                version.Output.Trim());

            // No server was started and no database or mail folder was made.
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunProgramAsync(
        string workingDirectory, string dataFolder, string? input, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(workingDirectory, "AmericanBalintSociety.Web.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["ConnectionStrings__Default"] = $"Data Source={Path.Combine(dataFolder, "abs.db")}";
        start.Environment["Email__PickupDirectory"] = Path.Combine(dataFolder, "mail");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Site__PublicBaseUrl"] = "https://www.example.org"; // required in Production, as on the server

        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private async Task<bool> InRoleAsync(string email, string role)
    {
        await using var scope = site.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        return await users.IsInRoleAsync((await users.FindByEmailAsync(email))!, role);
    }
}
