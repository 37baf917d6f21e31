namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>
/// What a backup archive holds (<c>manifest.json</c> inside it): the site's version and database migration when it
/// was made, and every other file with its size and SHA-256, which a restore checks before it replaces anything.
/// </summary>
public sealed record BackupManifest(
    int Format, string SiteVersion, DateTimeOffset CreatedAt, string Provider, string? Migration, IReadOnlyList<BackupFile> Files)
{
    public const string FileName = "manifest.json";
    public const int CurrentFormat = 1;

    /// <summary>The database copy's name in the archive (SQLite only).</summary>
    public const string DatabaseEntry = "database/abs.db";

    public const string MediaPrefix = "media/";
    public const string EbooksPrefix = "ebooks/";
}

/// <summary>One file in a backup: its path in the archive, its size and its SHA-256 (hex).</summary>
public sealed record BackupFile(string Path, long Size, string Sha256);
