using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shop;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>A backup made: the archive's full path and what it holds.</summary>
public sealed record BackupArchive(string Path, BackupManifest Manifest, long SizeBytes);

/// <summary>
/// Makes one backup archive (<c>abs-2026-11-29T030000Z.tar.gz</c>): a consistent copy of the SQLite database made
/// with SQLite's online backup API (safe while the site runs and writes), the media and ebook folders, and a manifest
/// with the site's version, the migration and every file's SHA-256. With SQL Server the database is left to the
/// server's own backups and only the files are archived. The archive is written under a temporary name and renamed
/// when complete, so a crash never leaves a half archive that looks whole.
/// </summary>
public sealed class SiteBackup(
    AppDbContext db, SiteData data, TimeProvider clock, IOptions<BackupOptions> options, IOptions<NewsOptions> news, IOptions<ShopOptions> shop,
    ILogger<SiteBackup> logger)
{
    public const string Prefix = "abs-";
    public const string Extension = ".tar.gz";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The site's version as the build stamped it.</summary>
    public static string SiteVersion =>
        typeof(SiteBackup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The folder archives go to: <paramref name="folder"/> if given, else <c>Backup:Folder</c>.</summary>
    public string FolderFor(string? folder) => data.Resolve(string.IsNullOrWhiteSpace(folder) ? options.Value.Folder : folder);

    public bool IsSqlite => db.Database.IsSqlite();

    /// <summary>Makes an archive in <paramref name="folder"/> (default <c>Backup:Folder</c>); <paramref name="label"/> ends its name.</summary>
    public async Task<BackupArchive> CreateAsync(string? folder, string? label, CancellationToken cancellationToken)
    {
        var target = FolderFor(folder);
        Directory.CreateDirectory(target);
        var now = clock.GetUtcNow();
        var stem = $"{Prefix}{now.UtcDateTime.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}{(string.IsNullOrEmpty(label) ? "" : "-" + label)}";
        var (path, partial, reserved) = Reserve(target, stem);
        var staging = Path.Combine(target, $".staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var entries = new List<(string Source, string Entry)>();
            string? migration = null;
            if (IsSqlite)
            {
                var copy = Path.Combine(staging, "abs.db");
                await CopyDatabaseAsync(copy, cancellationToken);
                entries.Add((copy, BackupManifest.DatabaseEntry));
                migration = await LastMigrationAsync(copy, cancellationToken);
            }
            else
            {
                try
                {
                    migration = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).LastOrDefault();
                }
                catch (System.Data.Common.DbException ex)
                {
                    // The files are worth archiving even when the server does not answer; the manifest says the migration is unknown.
                    logger.LogWarning(ex, "SQL Server did not say which migration it is at; the archive holds the files only");
                }
            }

            entries.AddRange(FilesUnder(MediaDirectory, BackupManifest.MediaPrefix));
            entries.AddRange(FilesUnder(EbookDirectory, BackupManifest.EbooksPrefix));

            var files = new List<BackupFile>();
            foreach (var (source, entry) in entries)
            {
                files.Add(new BackupFile(entry, new FileInfo(source).Length, await HashAsync(source, cancellationToken)));
            }

            var manifest = new BackupManifest(BackupManifest.CurrentFormat, SiteVersion, now, IsSqlite ? "Sqlite" : "SqlServer", migration, files);
            await using (var file = reserved)
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                var manifestEntry = new PaxTarEntry(TarEntryType.RegularFile, BackupManifest.FileName)
                {
                    DataStream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, Json)),
                    ModificationTime = now,
                };
                await tar.WriteEntryAsync(manifestEntry, cancellationToken);
                foreach (var (source, entry) in entries)
                {
                    await tar.WriteEntryAsync(source, entry, cancellationToken);
                }
            }

            File.Move(partial, path);
            var size = new FileInfo(path).Length;
            logger.LogInformation("Backup written: {Path} ({Files} files, {Bytes} bytes)", path, files.Count, size);
            return new BackupArchive(path, manifest, size);
        }
        finally
        {
            await reserved.DisposeAsync();
            if (File.Exists(partial))
            {
                File.Delete(partial);
            }

            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// The archive's name, taken by creating its partial file: a second backup within the same second (two operators, the
    /// schedule and a <c>db backup</c>) gets "-2", "-3"… rather than failing on the first one's name.
    /// </summary>
    private static (string Path, string Partial, FileStream Reserved) Reserve(string folder, string stem)
    {
        for (var n = 1; ; n++)
        {
            var path = Path.Combine(folder, (n == 1 ? stem : $"{stem}-{n}") + Extension);
            var partial = path + ".partial";
            if (File.Exists(path))
            {
                continue;
            }

            try
            {
                return (path, partial, new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None));
            }
            catch (IOException) when (File.Exists(partial))
            {
                // Another backup is writing under this name right now.
            }
        }
    }

    /// <summary>Deletes the oldest archives in the folder beyond <c>Backup:Keep</c>; returns how many.</summary>
    public int Prune(string? folder)
    {
        var target = FolderFor(folder);
        if (!Directory.Exists(target))
        {
            return 0;
        }

        var old = Directory.GetFiles(target, $"{Prefix}*{Extension}").OrderByDescending(Path.GetFileName, StringComparer.Ordinal).Skip(options.Value.Keep).ToList();
        foreach (var file in old)
        {
            File.Delete(file);
        }

        return old.Count;
    }

    public string MediaDirectory => data.Resolve(news.Value.MediaDirectory);

    public string EbookDirectory => data.Resolve(shop.Value.EbookDirectory);

    /// <summary>The SQLite file the site uses (absolute).</summary>
    public string DatabaseFile => new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;

    /// <summary>SQLite's online backup: pages copied through a connection, consistent even while the site writes.</summary>
    private async Task CopyDatabaseAsync(string destination, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        await using var from = new SqliteConnection(source.ConnectionString);
        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ConnectionString);
        await from.OpenAsync(cancellationToken);
        await to.OpenAsync(cancellationToken);
        from.BackupDatabase(to);

        // One file, not a WAL pair: what the archive holds is complete by itself.
        await using var command = to.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<string?> LastMigrationAsync(string databaseFile, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1;";
        try
        {
            return await command.ExecuteScalarAsync(cancellationToken) as string;
        }
        catch (SqliteException)
        {
            return null; // no migrations applied yet
        }
    }

    private static IEnumerable<(string Source, string Entry)> FilesUnder(string directory, string prefix) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(file => (file, prefix + Path.GetRelativePath(directory, file).Replace('\\', '/')))
            : [];

    public static async Task<string> HashAsync(string file, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
