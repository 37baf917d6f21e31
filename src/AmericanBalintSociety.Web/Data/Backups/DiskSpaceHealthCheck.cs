using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>Degraded when the disk the data lives on has less than <c>Health:MinimumFreeDiskMegabytes</c> free.</summary>
public sealed class DiskSpaceHealthCheck(SiteData data, IOptions<HealthOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var free = new DriveInfo(FindMount(data.Root) ?? Path.GetPathRoot(data.Root) ?? data.Root).AvailableFreeSpace / (1024 * 1024);
        var minimum = options.Value.MinimumFreeDiskMegabytes;
        return Task.FromResult(free < minimum
            ? HealthCheckResult.Degraded($"{free:N0} MB free on the data folder's disk, below {minimum:N0} MB: backups and uploads will soon fail.")
            : HealthCheckResult.Healthy($"{free:N0} MB free"));
    }

    /// <summary>The mount point the folder is on (the longest mounted prefix), so the space reported is that disk's.</summary>
    private static string? FindMount(string folder) =>
        DriveInfo.GetDrives().Where(d => d.IsReady && folder.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal))
            .OrderByDescending(d => d.RootDirectory.FullName.Length).Select(d => d.RootDirectory.FullName).FirstOrDefault();
}
