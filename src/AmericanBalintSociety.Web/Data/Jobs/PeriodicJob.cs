namespace AmericanBalintSociety.Web.Data.Jobs;

/// <summary>
/// A background job that runs every <see cref="Interval"/> on whichever instance of the site takes its lease
/// (<see cref="JobLeases"/>) first: with one instance, every interval; with several, still once an interval in all.
/// A failed run is logged and tried again at the next interval. Each job's own work stays safe to repeat (conditional
/// updates, unique rows), so a run cut short by a crash is simply done again; the lease keeps the instances from doing
/// it all at once (and asking Stripe the same questions N times).
/// </summary>
public abstract class PeriodicJob(IServiceScopeFactory scopes, BackgroundStart start, TimeProvider clock, ILogger logger) : BackgroundService
{
    /// <summary>The lease's name, e.g. <c>orders.reconcile</c>.</summary>
    protected abstract string Name { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One run, in a scope of its own.</summary>
    protected abstract Task RunAsync(IServiceProvider services, CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await start.WaitAsync(stoppingToken))
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await scope.ServiceProvider.GetRequiredService<JobLeases>().TryTakeAsync(Name, Interval, stoppingToken))
                {
                    await RunAsync(scope.ServiceProvider, stoppingToken);
                }
                else
                {
                    logger.LogDebug("Another instance holds the lease of {Job}", Name);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "{Job} failed; trying again in {Interval}", Name, Interval);
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
