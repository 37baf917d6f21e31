using AmericanBalintSociety.Web.Data.Jobs;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// Runs <see cref="GiftReconciliation"/> and then, in January, <see cref="GiftStatements"/> every
/// <c>Donations:ReconcileInterval</c>, on one instance at a time.
/// </summary>
public sealed class GiftReconciler(IServiceScopeFactory scopes, BackgroundStart start, TimeProvider clock, IOptions<DonationOptions> options, ILogger<GiftReconciler> logger)
    : PeriodicJob(scopes, start, clock, logger)
{
    protected override string Name => "gifts.reconcile";

    protected override TimeSpan Interval => options.Value.ReconcileInterval;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<GiftReconciliation>().RunAsync(cancellationToken);
        await services.GetRequiredService<GiftStatements>().RunAsync(cancellationToken);
    }
}
