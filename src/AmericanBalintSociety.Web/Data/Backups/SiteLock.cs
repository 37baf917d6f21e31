using AmericanBalintSociety.Web.Infrastructure;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>
/// Held by the running site for as long as it runs, so a restore can tell the site is running and refuse to swap its
/// database out from under it. Each instance opens the file shared (on Linux a shared <c>flock</c>), so several instances
/// over one data folder run side by side, and the restore's unshared open (an exclusive lock) fails while any of them
/// runs. The operating system releases it when the process ends, however it ends.
/// </summary>
public sealed class SiteLock(SiteData data, ILogger<SiteLock> logger) : IDisposable
{
    public const string RelativePath = "App_Data/site.lock";

    private FileStream? _held;

    public string FilePath => data.Resolve(RelativePath);

    /// <summary>Takes this instance's share of the lock; if a restore holds it exclusively, that is logged and the site goes on.</summary>
    public void Acquire()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            _held = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not take a share of {Lock}: a restore may be running over this data folder", FilePath);
        }
    }

    /// <summary>Whether a running site holds the lock at <paramref name="path"/>.</summary>
    public static bool IsHeld(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => _held?.Dispose();
}
