using AmericanBalintSociety.Web.Data.Jobs;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>
/// Hands newsletters to the outbox, one batch per newsletter every <see cref="NewsletterSendingOptions.BatchInterval"/>.
/// Every instance runs it: each batch moves the newsletter's cursor under its version (<see cref="NewsletterBatches"/>),
/// so two instances racing for one batch queue it once.
/// </summary>
public sealed class NewsletterSender(
    IServiceScopeFactory scopes, BackgroundStart start, WakeUpSignal<NewsletterSender> signal, TimeProvider clock, IOptions<MailingListOptions> options, ILogger<NewsletterSender> logger)
    : BackgroundService
{
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
                await scope.ServiceProvider.GetRequiredService<NewsletterBatches>().ProcessAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Newsletter batch failed; trying again after the interval");
            }

            try
            {
                await signal.WaitAsync(options.Value.Sending.BatchInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
