using System.Runtime;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// .NET's multi-core JIT (<see cref="ProfileOptimization"/>): a run of the site records which methods the JIT compiled
/// as it started, and the next start compiles them on a spare core before the start needs them. ReadyToRun leaves a
/// few thousand methods to the JIT at start (generic code of the framework for the site's and EF's types), and a start
/// on two cores otherwise keeps about one of them busy (docs/performance.md).
/// </summary>
/// <remarks>
/// It must begin before the host is built (most of its gain is there), so before the settings are read: it runs when
/// the data directory is given in the environment (<c>Site__DataDirectory</c>, as the systemd unit and the container
/// do), and keeps its profile in <c>App_Data/jit-profile</c> there. The profile is the build's own (named by the site
/// assembly's build id: another build's is no use) and older builds' are deleted. Only in the site's own process (not
/// under a test host, not for an operator command). Anything that fails here costs only the speed-up: the runtime
/// ignores a missing or unreadable profile.
/// </remarks>
public static class StartupJitProfile
{
    public const string RelativeFolder = "App_Data/jit-profile";

    /// <summary>The environment variable that names the data directory (<see cref="SiteData.Setting"/>).</summary>
    public const string DataDirectoryVariable = "Site__DataDirectory";

    public static void Start()
    {
        var dataDirectory = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        // A relative data directory is refused by the site's settings check; nothing is written for one here either.
        if (string.IsNullOrWhiteSpace(dataDirectory) || !Path.IsPathRooted(dataDirectory)
            || System.Reflection.Assembly.GetEntryAssembly() != typeof(StartupJitProfile).Assembly)
        {
            return;
        }

        var folder = Path.Combine(dataDirectory, RelativeFolder);
        var name = $"start-{typeof(StartupJitProfile).Assembly.ManifestModule.ModuleVersionId:N}.jitprofile";
        try
        {
            Directory.CreateDirectory(folder);
            foreach (var old in Directory.EnumerateFiles(folder, "start-*.jitprofile"))
            {
                if (!string.Equals(Path.GetFileName(old), name, StringComparison.Ordinal))
                {
                    File.Delete(old);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return; // the site's own checks report a data folder it cannot write
        }

        ProfileOptimization.SetProfileRoot(folder);
        ProfileOptimization.StartProfile(name);
    }
}
