using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// Runs <see cref="GiftReconciliation"/> and then, in January, <see cref="GiftStatements"/> every
/// <c>Donations:ReconcileInterval</c>; a failed run is logged and tried again.
/// </summary>
public sealed class GiftReconciler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<DonationOptions> options, ILogger<GiftReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<GiftReconciliation>().RunAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<GiftStatements>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Gift reconciliation failed; trying again next interval");
            }

            try
            {
                await Task.Delay(options.Value.ReconcileInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
