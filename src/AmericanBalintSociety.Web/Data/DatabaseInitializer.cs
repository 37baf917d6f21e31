using System.Data.Common;
using AmericanBalintSociety.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data;

/// <summary>Brings the database up to date at start (or from <c>db migrate</c>) and loads the seed content.</summary>
public sealed class DatabaseInitializer(
    AppDbContext db,
    IOptions<DatabaseOptions> options,
    SeedContentLoader seed,
    Backups.SiteBackup backup,
    IOptions<Backups.BackupOptions> backupOptions,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>
    /// The history table's migration ids, in SQL both providers read: the start's quick check (see
    /// <see cref="AllMigrationsAppliedAsync"/>).
    /// </summary>
    public const string AppliedMigrationsSql = "SELECT MigrationId FROM " + HistoryRepository.DefaultTableName + ";";

    /// <summary>Applies pending migrations; with SQLite, switches the file to WAL first.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers and one writer work at once; the setting is stored in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var wal = db.Database.GetDbConnection().CreateCommand();
                wal.CommandText = "PRAGMA journal_mode=WAL;";
                await wal.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        if (await AllMigrationsAppliedAsync(cancellationToken))
        {
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            var before = await BackUpBeforeMigratingAsync(pending[^1], cancellationToken);
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
            if (before is not null)
            {
                db.BackupRuns.Add(before);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
    }

    /// <summary>
    /// Whether every migration of this build is in the history table, asked with one plain query. Nearly every start finds
    /// nothing to do, and EF's own check (<c>GetPendingMigrationsAsync</c>) first builds a model of the history table by
    /// convention: a fifth of a second of a start on two cores (docs/performance.md). False when the database or the table
    /// is missing (a new one) or cannot be read; EF's full path then decides, as before.
    /// </summary>
    private async Task<bool> AllMigrationsAppliedAsync(CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            // Opening is inside the try too: a SQL Server database that does not exist yet is EF's to create.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = AppliedMigrationsSql;
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    applied.Add(reader.GetString(0));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (DbException)
        {
            return false;
        }

        return db.GetService<IMigrationsAssembly>().Migrations.Keys.All(applied.Contains);
    }

    /// <summary>
    /// An existing SQLite database is backed up before migrations change it (<c>Backup:BeforeMigrations</c>); if that
    /// fails, the site does not migrate (and so does not start): an upgrade must be undoable. The run is recorded once
    /// the BackupRuns table exists.
    /// </summary>
    private async Task<Backups.BackupRun?> BackUpBeforeMigratingAsync(string lastPending, CancellationToken cancellationToken)
    {
        if (!backupOptions.Value.BeforeMigrations || !db.Database.IsSqlite() || !(await db.Database.GetAppliedMigrationsAsync(cancellationToken)).Any())
        {
            return null;
        }

        var started = clock.GetUtcNow();
        try
        {
            var archive = await backup.CreateAsync(null, $"before-{lastPending.Split('_', 2)[^1]}", cancellationToken);
            logger.LogInformation("Backed up to {Path} before migrating", archive.Path);
            return new Backups.BackupRun
            {
                Kind = Backups.BackupJobs.BeforeMigrations,
                StartedAt = started,
                FinishedAt = clock.GetUtcNow(),
                File = Path.GetFileName(archive.Path),
                SizeBytes = archive.SizeBytes,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            throw new InvalidOperationException(
                $"The database could not be backed up before migrating ({ex.Message}), so it was not migrated. Fix the cause (free disk space, "
                + "the permissions of Backup:Folder), or set Backup:BeforeMigrations=false to migrate without a backup.", ex);
        }
    }

    /// <summary>What the site does at start, in a scope of its own: migrate and seed, as the settings say.</summary>
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }

    /// <summary>What the site does at start: migrate and seed, as the settings say.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            await MigrateAsync(cancellationToken);
        }

        if (options.Value.SeedOnStartup)
        {
            await seed.SeedAsync(cancellationToken);
        }
    }
}
