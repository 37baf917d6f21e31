using AmericanBalintSociety.Web.Data.Jobs;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop.Checkout;

/// <summary>Runs <see cref="OrderReconciliation"/> every <c>Shop:ReconcileInterval</c>, on one instance at a time.</summary>
public sealed class OrderReconciler(IServiceScopeFactory scopes, BackgroundStart start, TimeProvider clock, IOptions<ShopOptions> options, ILogger<OrderReconciler> logger)
    : PeriodicJob(scopes, start, clock, logger)
{
    protected override string Name => "orders.reconcile";

    protected override TimeSpan Interval => options.Value.ReconcileInterval;

    protected override Task RunAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<OrderReconciliation>().RunAsync(cancellationToken);
}
