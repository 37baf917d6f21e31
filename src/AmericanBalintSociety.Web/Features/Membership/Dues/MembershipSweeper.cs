using AmericanBalintSociety.Web.Data.Jobs;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// Runs <see cref="MembershipReconciliation"/> and <see cref="MembershipReminders"/> every <c>Membership:SweepInterval</c>,
/// on one instance at a time; both are also safe to repeat (ADR 0015).
/// </summary>
public sealed class MembershipSweeper(IServiceScopeFactory scopes, BackgroundStart start, TimeProvider clock, IOptions<MembershipOptions> options, ILogger<MembershipSweeper> logger)
    : PeriodicJob(scopes, start, clock, logger)
{
    private readonly IServiceScopeFactory _scopes = scopes;

    protected override string Name => "membership.sweep";

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<MembershipReconciliation>().RunAsync(cancellationToken);
        await using var scope = _scopes.CreateAsyncScope(); // the reminders start from a clean change tracker
        await scope.ServiceProvider.GetRequiredService<MembershipReminders>().RunAsync(cancellationToken);
    }
}
