using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>
/// The list's background work: hands newsletters to the outbox, one batch per newsletter every
/// <see cref="NewsletterSendingOptions.BatchInterval"/>, and about once an hour deletes expired signup requests and
/// abandoned import uploads.
/// </summary>
public sealed class NewsletterSender(
    IServiceScopeFactory scopes, WakeUpSignal<NewsletterSender> signal, TimeProvider clock, IOptions<MailingListOptions> options, ILogger<NewsletterSender> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextHousekeeping = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<NewsletterBatches>().ProcessAsync(stoppingToken);
                if (clock.GetUtcNow() >= nextHousekeeping)
                {
                    nextHousekeeping = clock.GetUtcNow() + TimeSpan.FromHours(1);
                    await scope.ServiceProvider.GetRequiredService<MailingListService>().DeleteExpiredRequestsAsync(stoppingToken);
                    await scope.ServiceProvider.GetRequiredService<SubscriberImporter>().DeleteAbandonedAsync(stoppingToken);
                }
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
