using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>Degraded when the last backup failed or, with daily backups scheduled, none is a day old (the dashboard's warning).</summary>
public sealed class BackupHealthCheck(BackupJobs backups, IOptions<BackupOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = await backups.StatusAsync(options.Value.DailyAt is not null, cancellationToken);
        return status.Warning is { } warning ? HealthCheckResult.Degraded(warning)
            : HealthCheckResult.Healthy(status.LastGood is { } good ? $"Last backup {good.File}" : "Backups are not scheduled (Backup:Schedule)");
    }
}
