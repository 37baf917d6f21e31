using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>Where a restore puts what an archive holds (the database file is null for SQL Server).</summary>
public sealed record RestoreTarget(string? DatabaseFile, string MediaDirectory, string EbookDirectory, string LockFile, string DataRoot);

/// <summary>
/// Puts a backup archive back: the archive is unpacked aside and every file checked against the manifest's size and
/// SHA-256 first (a damaged or tampered archive changes nothing); it refuses while the site runs unless forced; the
/// database, media and ebooks it replaces are moved to <c>App_Data/replaced-…</c>, never deleted.
/// </summary>
public static class SiteRestore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<Result<string>> RestoreAsync(string archive, RestoreTarget target, bool force, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (!File.Exists(archive))
        {
            return Result.Failure<string>($"There is no archive at {archive}.");
        }

        if (!force && SiteLock.IsHeld(target.LockFile))
        {
            return Result.Failure<string>(
                $"The site is running (it holds {target.LockFile}), so its database cannot be replaced. Stop it first (e.g. `sudo systemctl stop abs`), "
                + "run the restore, then start it again. If you are sure nothing is using the data folder, add --force.");
        }

        var staging = Path.Combine(target.DataRoot, "App_Data", $".restore-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var unpacked = await UnpackAsync(archive, staging, cancellationToken);
            if (!unpacked.Succeeded)
            {
                return Result.Failure<string>(unpacked.Errors);
            }

            var manifest = unpacked.Value!;
            var problem = await VerifyAsync(staging, manifest, cancellationToken);
            if (problem is not null)
            {
                return Result.Failure<string>($"The archive is damaged: {problem}. Nothing was changed.");
            }

            var hasDatabase = manifest.Files.Any(f => f.Path == BackupManifest.DatabaseEntry);
            if (hasDatabase && target.DatabaseFile is null)
            {
                return Result.Failure<string>("This archive holds a SQLite database, and this site uses SQL Server. Nothing was changed.");
            }

            var aside = Path.Combine(target.DataRoot, "App_Data", $"replaced-{now.UtcDateTime.ToString("yyyy-MM-dd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}");
            Directory.CreateDirectory(aside);
            if (hasDatabase)
            {
                Directory.CreateDirectory(Path.Combine(aside, "database"));
                foreach (var suffix in new[] { "", "-wal", "-shm" })
                {
                    if (File.Exists(target.DatabaseFile + suffix))
                    {
                        File.Move(target.DatabaseFile + suffix, Path.Combine(aside, "database", Path.GetFileName(target.DatabaseFile) + suffix));
                    }
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target.DatabaseFile!)!);
                File.Move(Path.Combine(staging, "database", "abs.db"), target.DatabaseFile!);
            }

            ReplaceDirectory(Path.Combine(staging, "media"), target.MediaDirectory, Path.Combine(aside, "media"));
            ReplaceDirectory(Path.Combine(staging, "ebooks"), target.EbookDirectory, Path.Combine(aside, "ebooks"));
            return Result.Success(aside,
                $"Restored the backup of {manifest.CreatedAt:yyyy-MM-dd HH:mm} UTC (site {manifest.SiteVersion}, migration {manifest.Migration ?? "none"}): "
                + $"{manifest.Files.Count} files{(hasDatabase ? " including the database" : "; the database is SQL Server's to restore")}. What it replaced is in {aside}.");
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>Unpacks only regular files with safe relative names; reads the manifest.</summary>
    private static async Task<Result<BackupManifest>> UnpackAsync(string archive, string staging, CancellationToken cancellationToken)
    {
        try
        {
            await using var file = File.OpenRead(archive);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var tar = new TarReader(gzip);
            while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is TarEntryType.Directory)
                {
                    continue;
                }

                var destination = Path.GetFullPath(Path.Combine(staging, entry.Name));
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || Path.IsPathRooted(entry.Name)
                    || !destination.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    return Result.Failure<BackupManifest>($"The archive holds {entry.Name}, which no backup of this site holds. Nothing was changed.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                await entry.ExtractToFileAsync(destination, overwrite: false, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or FormatException or IOException and not FileNotFoundException)
        {
            return Result.Failure<BackupManifest>($"The archive is damaged or is not a backup of this site ({ex.Message}). Nothing was changed.");
        }

        var manifestPath = Path.Combine(staging, BackupManifest.FileName);
        if (!File.Exists(manifestPath))
        {
            return Result.Failure<BackupManifest>("The archive has no manifest.json, so it is not a backup of this site. Nothing was changed.");
        }

        try
        {
            await using var stream = File.OpenRead(manifestPath);
            var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(stream, Json, cancellationToken);
            return manifest is { Format: BackupManifest.CurrentFormat, Files: not null }
                ? Result.Success(manifest)
                : Result.Failure<BackupManifest>("The archive's manifest.json is not one this version of the site reads. Nothing was changed.");
        }
        catch (JsonException ex)
        {
            return Result.Failure<BackupManifest>($"The archive's manifest.json cannot be read ({ex.Message}). Nothing was changed.");
        }
    }

    /// <summary>The first way the unpacked files differ from the manifest, or null when they match exactly.</summary>
    private static async Task<string?> VerifyAsync(string staging, BackupManifest manifest, CancellationToken cancellationToken)
    {
        foreach (var expected in manifest.Files)
        {
            var path = Path.GetFullPath(Path.Combine(staging, expected.Path));
            if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(path))
            {
                return $"{expected.Path} is missing";
            }

            if (new FileInfo(path).Length != expected.Size || await SiteBackup.HashAsync(path, cancellationToken) != expected.Sha256)
            {
                return $"{expected.Path} does not match its checksum";
            }
        }

        var listed = manifest.Files.Select(f => f.Path).Append(BackupManifest.FileName).ToHashSet(StringComparer.Ordinal);
        var extra = Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(staging, f).Replace('\\', '/')).FirstOrDefault(f => !listed.Contains(f));
        return extra is null ? null : $"{extra} is not in its manifest";
    }

    private static void ReplaceDirectory(string restored, string target, string aside)
    {
        if (Directory.Exists(target))
        {
            MoveDirectory(target, aside);
        }

        if (Directory.Exists(restored))
        {
            MoveDirectory(restored, target);
        }
        else
        {
            Directory.CreateDirectory(target);
        }
    }

    /// <summary>A folder moved, or copied then deleted when it is on another file system.</summary>
    private static void MoveDirectory(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        try
        {
            Directory.Move(from, to);
        }
        catch (IOException)
        {
            foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(to, Path.GetRelativePath(from, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }

            Directory.Delete(from, recursive: true);
        }
    }
}
