using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Cli;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Data.Backups;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>
/// Backups and restore (issue 18): an archive made while the site writes, restored into a fresh folder where the site
/// starts with the same content, sign-ins and files; a damaged or tampered archive refused with nothing changed; a
/// running site refused unless forced; the backup made before migrations at start.
/// </summary>
[Trait("Database", "Sqlite")] // about the SQLite file itself: left out when the tests run on SQL Server (docs/operations.md)
public sealed class BackupTests
{
    private static async Task<(int Exit, string Output, string Error)> RunAsync(TestSite site, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CommandLineApp.RunAsync(site.Services, args, TextReader.Null, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static RestoreTarget TargetIn(string folder) =>
        new(Path.Combine(folder, "abs.db"), Path.Combine(folder, "media"), Path.Combine(folder, "ebooks"), Path.Combine(folder, SiteLock.RelativePath), folder);

    [Fact]
    public async Task ABackupWhileTheSiteWrites_RestoredIntoAFreshFolder_StartsWithTheSameContentSignInsAndFiles()
    {
        var restoredFolder = TestSite.CreateTempDirectory();
        string archive;
        int articles;
        var cookies = new CookieContainer();
        var cover = new byte[50_000];
        Random.Shared.NextBytes(cover);
        await using (var site = new TestSite())
        {
            await site.AddMemberAsync("kept-signed-in@example.org");
            var client = site.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
            using (var signedIn = await client.SignInAsync("kept-signed-in@example.org", Accounts.StrongPassword))
            {
                Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            }

            Directory.CreateDirectory(Path.Combine(site.Directory, "media", "covers"));
            await File.WriteAllBytesAsync(Path.Combine(site.Directory, "media", "covers", "kept.jpg"), cover);
            Directory.CreateDirectory(Path.Combine(site.Directory, "ebooks"));
            await File.WriteAllTextAsync(Path.Combine(site.Directory, "ebooks", "book.epub"), "an ebook");
            articles = await site.WithDbAsync(db => db.Articles.CountAsync());

            // Writes go on through the backup: the copy is consistent whatever moment it catches.
            using var stop = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                var n = 0;
                while (!stop.IsCancellationRequested)
                {
                    await site.WithDbAsync(async db =>
                    {
                        db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow, Actor = "writer", Action = "test.write", Subject = $"row:{n++}" });
                        await db.SaveChangesAsync();
                    });

                    // A busy site, not a hot loop: one writer that never pauses starves SQLite's busy handler of the
                    // other writers (the command records its run), which no site does.
                    await Task.Delay(5);
                }

                return n;
            });
            await Task.Delay(200);

            // A backup takes a fraction of a second here; on a loaded machine the writer may miss that window, so the
            // backup is made again (at most five times, a second apart: archives are named to the second) until writes
            // are seen to land while it runs.
            int exit, before, after;
            string output, error;
            var attempts = 0;
            do
            {
                if (attempts > 0)
                {
                    await Task.Delay(1100);
                }

                before = await site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "test.write"));
                (exit, output, error) = await RunAsync(site, "db", "backup");
                after = await site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "test.write"));
                Assert.True(exit == 0, error);
            }
            while (after == before && ++attempts < 5);

            await stop.CancelAsync();
            await writer;
            Assert.True(after > before, $"no write went on during five backups ({before} before, {after} after the last)");
            archive = output.Split("Backed up to ", 2)[1].Split(" (", 2)[0];
            Assert.Matches(@"abs-\d{4}-\d\d-\d\dT\d{6}Z\.tar\.gz$", archive);

            // The site is running: a restore over it is refused, and says how to stop it.
            var refused = await RunAsync(site, "db", "restore", archive);
            Assert.Equal(1, refused.Exit);
            Assert.Contains("The site is running", refused.Error, StringComparison.Ordinal);
            Assert.True(await site.WithDbAsync(db => db.BackupRuns.AnyAsync(r => r.Kind == BackupJobs.Command && r.File == Path.GetFileName(archive))));
            File.Copy(archive, Path.Combine(restoredFolder, Path.GetFileName(archive)));
            archive = Path.Combine(restoredFolder, Path.GetFileName(archive));
        }

        var restored = await SiteRestore.RestoreAsync(archive, TargetIn(restoredFolder), force: false, DateTimeOffset.UtcNow, CancellationToken.None);
        Assert.True(restored.Succeeded, restored.Error);

        await using var again = new TestSite { Directory = restoredFolder, DeletesDirectory = true };
        Assert.Equal(articles, await again.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.True(await again.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "test.write")));
        await using (var check = new SqliteConnection($"Data Source={again.DatabasePath}"))
        {
            await check.OpenAsync();
            await using var command = check.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", await command.ExecuteScalarAsync());
        }

        var sameBrowser = again.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(cookies));
        using (var account = await sameBrowser.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, account.StatusCode); // the sign-in made before the backup still holds
        }

        Assert.Equal(cover, await File.ReadAllBytesAsync(Path.Combine(restoredFolder, "media", "covers", "kept.jpg")));
        Assert.Equal("an ebook", await File.ReadAllTextAsync(Path.Combine(restoredFolder, "ebooks", "book.epub")));
    }

    [Fact]
    public async Task TwoBackupsInTheSameSecond_WriteTwoArchives()
    {
        await using var site = new ClockedTestSite(); // the clock stands still: both runs are stamped with the same second
        var folder = TestSite.CreateTempDirectory();

        var first = await RunAsync(site, "db", "backup", "--to", folder);
        var second = await RunAsync(site, "db", "backup", "--to", folder);

        Assert.True(first.Exit == 0, first.Error);
        Assert.True(second.Exit == 0, second.Error);
        var archives = Directory.GetFiles(folder, $"{SiteBackup.Prefix}*{SiteBackup.Extension}").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, archives.Count);
        Assert.EndsWith($"-2{SiteBackup.Extension}", archives[0], StringComparison.Ordinal);
        Assert.Equal(archives[1]![..^SiteBackup.Extension.Length] + "-2" + SiteBackup.Extension, archives[0]);
        Assert.Empty(Directory.GetFiles(folder, "*.partial"));
    }

    [Fact]
    public async Task ABackupWhoseRecordCannotBeSaved_StillReportsItsArchive()
    {
        var log = new LogCapture();
        await using var site = new TestSite
        {
            TestServices = services => services
                .AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log)
                .AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, FailFinishedBackupRecords>(),
        };
        var folder = TestSite.CreateTempDirectory();

        var (exit, output, error) = await RunAsync(site, "db", "backup", "--to", folder);

        Assert.True(exit == 0, error);
        Assert.Contains("Backed up to", output, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(folder, $"{SiteBackup.Prefix}*{SiteBackup.Extension}"));
        Assert.Contains(log.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.Contains("its record could not be saved", StringComparison.Ordinal));
    }

    /// <summary>Refuses the save that records how a backup ended, as a database gone away in the meantime would.</summary>
    private sealed class FailFinishedBackupRecords : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<BackupRun>().Any(e => e.State == EntityState.Modified && e.Entity.FinishedAt is not null))
            {
                throw new DbUpdateException("database unavailable (test)");
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    [Fact]
    public async Task ADamagedOrTamperedArchive_IsRefused_AndNothingIsChanged()
    {
        await using var site = new TestSite();
        Directory.CreateDirectory(Path.Combine(site.Directory, "media"));
        await File.WriteAllTextAsync(Path.Combine(site.Directory, "media", "note.txt"), "original");
        var (exit, output, _) = await RunAsync(site, "db", "backup", "--to", Path.Combine(site.Directory, "elsewhere"));
        Assert.Equal(0, exit);
        var archive = output.Split("Backed up to ", 2)[1].Split(" (", 2)[0];
        Assert.StartsWith(Path.Combine(site.Directory, "elsewhere"), archive, StringComparison.Ordinal);

        var target = TestSite.CreateTempDirectory();
        try
        {
            await File.WriteAllTextAsync(Path.Combine(target, "abs.db"), "the current database");

            // Bytes damaged in the middle: the compressed stream no longer reads.
            var damaged = Path.Combine(target, "damaged.tar.gz");
            var bytes = await File.ReadAllBytesAsync(archive);
            for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++)
            {
                bytes[i] ^= 0xFF;
            }

            await File.WriteAllBytesAsync(damaged, bytes);
            var refused = await SiteRestore.RestoreAsync(damaged, TargetIn(target), force: false, DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.False(refused.Succeeded);
            Assert.Contains("damaged", refused.Error, StringComparison.Ordinal);
            Assert.EndsWith("Nothing was changed.", refused.Error, StringComparison.Ordinal);

            // A readable archive whose file was changed after the manifest was written.
            var tampered = Path.Combine(target, "tampered.tar.gz");
            await RewriteAsync(archive, tampered, "media/note.txt", "changed");
            refused = await SiteRestore.RestoreAsync(tampered, TargetIn(target), force: false, DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.Equal("The archive is damaged: media/note.txt does not match its checksum. Nothing was changed.", refused.Error);

            Assert.Equal("the current database", await File.ReadAllTextAsync(Path.Combine(target, "abs.db")));
            Assert.False(Directory.Exists(Path.Combine(target, "media")));
            Assert.Empty(Directory.GetDirectories(Path.Combine(target, "App_Data"), "replaced-*"));
        }
        finally
        {
            TestSite.DeleteDirectory(target);
        }
    }

    [Fact]
    public async Task AnUpgrade_BacksUpTheDatabaseBeforeMigrating()
    {
        var folder = TestSite.CreateTempDirectory();
        var databasePath = Path.Combine(folder, "abs.db");
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={databasePath};Pooling=False").Options;
        await using (var older = new SqliteAppDbContext(options))
        {
            var migrations = older.Database.GetMigrations().ToList();
            await older.GetService<IMigrator>().MigrateAsync(migrations[^2]); // the site as it was one release ago
        }

        await using var site = new TestSite { Directory = folder, DeletesDirectory = true };
        var run = await site.WithDbAsync(db => db.BackupRuns.AsNoTracking().SingleAsync(r => r.Kind == BackupJobs.BeforeMigrations));
        Assert.Matches(@"^abs-.*-before-\w+\.tar\.gz$", run.File);
        var archive = Path.Combine(folder, "App_Data", "backups", run.File!);
        await using var file = File.OpenRead(archive);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        var names = new List<string>();
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            names.Add(entry.Name);
        }

        Assert.Contains(BackupManifest.DatabaseEntry, names);
        Assert.Contains(BackupManifest.FileName, names);
    }

    [Fact]
    public async Task ScheduledBackups_RunDailyAtTheSetTime_KeepTheNewest_AndTheDashboardShowsTheLast()
    {
        await using var site = new ClockedTestSite();
        site.Settings["Backup:Schedule"] = "03:00";
        site.Settings["Backup:Keep"] = "2";
        var admin = await site.SignedInClientAsync("backup-admin@example.org", Web.Features.Membership.Roles.Admin);
        var dashboard = await admin.GetDocumentAsync("/admin");
        Assert.Equal("No backup has been made yet: the first is due at the time Backup:Schedule sets.",
            dashboard.QuerySelector("#backup-warning")!.TextContent.Replace("Backups: ", "", StringComparison.Ordinal));

        var folder = Path.Combine(site.Directory, "App_Data", "backups");
        for (var day = 1; day <= 3; day++)
        {
            site.Clock.Advance(TimeSpan.FromDays(1));
            await Eventually.TrueAsync(() => site.WithDbAsync(db => db.BackupRuns.CountAsync(r => r.Kind == BackupJobs.Scheduled && r.FinishedAt != null)).ContinueWith(t => t.Result == day),
                TimeSpan.FromSeconds(20), $"no scheduled backup on day {day}");
        }

        Assert.Equal(2, Directory.GetFiles(folder, "abs-*.tar.gz").Length);
        // What the dashboard now shows (its sign-in has expired on the moved clock, and a staff sign-in's code is real-time).
        await using var scope = site.Services.CreateAsyncScope();
        var status = await scope.ServiceProvider.GetRequiredService<BackupJobs>().StatusAsync(scheduled: true, CancellationToken.None);
        Assert.Null(status.Warning);
        Assert.Equal(Path.GetFileName(Directory.GetFiles(folder, "abs-*.tar.gz").Max()), status.LastGood!.File);
    }

    [Theory]
    [InlineData("2026-11-30T12:00:00Z", "2026-12-01T08:00:00Z")] // 07:00 EST today has passed: tomorrow 03:00 EST = 08:00Z
    [InlineData("2026-11-30T07:59:00Z", "2026-11-30T08:00:00Z")] // a minute before
    [InlineData("2026-07-01T12:00:00Z", "2026-07-02T07:00:00Z")] // summer: 03:00 EDT = 07:00Z
    public void TheNextRun_IsTheNextThreeOClockInTheSocietysTimeZone(string now, string expected)
    {
        var time = new Web.Features.Shared.SiteTime(Microsoft.Extensions.Options.Options.Create(new Web.Features.Shared.SiteOptions()));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            BackupScheduler.NextRun(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(3, 0), time));
    }

    /// <summary>A copy of the archive with one file's content replaced, the manifest left as it was.</summary>
    private static async Task RewriteAsync(string source, string destination, string path, string content)
    {
        await using var input = File.OpenRead(source);
        await using var gzipIn = new GZipStream(input, CompressionMode.Decompress);
        await using var reader = new TarReader(gzipIn);
        await using var output = File.Create(destination);
        await using var gzipOut = new GZipStream(output, CompressionLevel.Fastest);
        await using var writer = new TarWriter(gzipOut, TarEntryFormat.Pax);
        while (await reader.GetNextEntryAsync(copyData: true) is { } entry)
        {
            if (entry.Name == path)
            {
                entry.DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content));
            }

            await writer.WriteEntryAsync(entry);
        }
    }
}
