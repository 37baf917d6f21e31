using AmericanBalintSociety.Web.Data.Jobs;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>
/// Drains the outbox in the background: after each signal (mail committed) or poll interval it runs an
/// <see cref="OutboxProcessor"/> pass. Everything it needs is in the database, so a restart just carries on.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    BackgroundStart start,
    WakeUpSignal<OutboxDispatcher> signal,
    TimeProvider clock,
    IOptions<EmailOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await start.WaitAsync(stoppingToken))
        {
            return;
        }

        var settings = options.Value.Dispatcher;
        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                sent = await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database may be briefly unavailable; the next pass tries again.
                logger.LogError(ex, "Outbox pass failed");
            }

            // A full batch means more may be waiting: go again at once.
            if (sent < settings.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(settings.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
