using AmericanBalintSociety.Web.Infrastructure;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>
/// Held by the running site for as long as it runs (a file opened without sharing under the data folder), so a restore
/// can tell the site is running and refuse to swap its database out from under it. The operating system releases it
/// when the process ends, however it ends.
/// </summary>
public sealed class SiteLock(SiteData data, ILogger<SiteLock> logger) : IDisposable
{
    public const string RelativePath = "App_Data/site.lock";

    private FileStream? _held;

    public string FilePath => data.Resolve(RelativePath);

    /// <summary>Takes the lock; if another process holds it, two sites share one data folder: logged, and the site goes on.</summary>
    public void Acquire()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            _held = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            _held.SetLength(0);
            using var writer = new StreamWriter(_held, leaveOpen: true);
            writer.Write(Environment.ProcessId);
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Another site process holds {Lock}: two sites are running over one data folder", FilePath);
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
