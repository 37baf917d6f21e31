using AmericanBalintSociety.Web.Data.Jobs;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>
/// Backs up every day at <c>Backup:Schedule</c> in the society's time zone (a missed day, the site being down, is not
/// made up: the next day's runs). A failure is recorded and logged, and the next day tries again. With several
/// instances, the first to reach the hour takes the day's lease (<see cref="JobLeases"/>, held 12 hours) and backs up;
/// the others skip that day.
/// </summary>
public sealed class BackupScheduler(IServiceScopeFactory scopes, SiteTime time, TimeProvider clock, IOptions<BackupOptions> options, ILogger<BackupScheduler> logger)
    : BackgroundService
{
    public const string LeaseName = "backup.scheduled";

    /// <summary>Longer than any backup, shorter than a day: tomorrow's run finds it free.</summary>
    private static readonly TimeSpan LeaseHold = TimeSpan.FromHours(12);

    /// <summary>The next moment after <paramref name="now"/> at <paramref name="at"/> local time.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at, SiteTime time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var local = time.ToLocal(now);
        var candidate = time.FromLocal(DateOnly.FromDateTime(local.DateTime).ToDateTime(at));
        return candidate > now ? candidate : time.FromLocal(DateOnly.FromDateTime(local.DateTime).AddDays(1).ToDateTime(at));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DailyAt is not { } at)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var due = NextRun(clock.GetUtcNow(), at, time);
            try
            {
                await Task.Delay(due - clock.GetUtcNow(), clock, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<JobLeases>().TryTakeAsync(LeaseName, LeaseHold, stoppingToken))
                {
                    logger.LogInformation("Another instance makes today's scheduled backup");
                    continue;
                }

                await scope.ServiceProvider.GetRequiredService<BackupJobs>().RunAsync(BackupJobs.Scheduled, null, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The scheduled backup failed; the next is tomorrow at {Time}", options.Value.Schedule);
            }
        }
    }
}
