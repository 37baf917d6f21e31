using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop.Checkout;

public sealed class OrderReconciler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<ShopOptions> options, ILogger<OrderReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<OrderReconciliation>().RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Order reconciliation failed; trying again next interval");
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
