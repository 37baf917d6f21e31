using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data.Jobs;

/// <summary>
/// When the background services begin their work: once the site answers requests (the host's
/// <see cref="IHostApplicationLifetime.ApplicationStarted"/>) and <see cref="JobOptions.StartDelay"/> after that.
/// A start is bound by CPU (docs/performance.md): each job's first run compiles its queries, and on a small machine
/// that competed with the first pages. Waiting costs nothing but a few seconds' delay of work that waits in the
/// database anyway (queued mail, a newsletter's next batch, the reconciliations).
/// </summary>
public sealed class BackgroundStart(IHostApplicationLifetime lifetime, IOptions<JobOptions> options)
{
    /// <summary>Waits until the background work may begin: true then, false when the site stops first.</summary>
    public async Task<bool> WaitAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
            await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
            {
                await started.Task;
            }

            // Real time, not the injected clock: this is about the process's start, and a test's fake clock must not
            // hold the work back.
            if (options.Value.StartDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.Value.StartDelay, stoppingToken);
            }

            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
