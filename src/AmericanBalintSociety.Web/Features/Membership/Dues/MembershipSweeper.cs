using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// Runs <see cref="MembershipReconciliation"/> and <see cref="MembershipReminders"/> every <c>Membership:SweepInterval</c>.
/// Both are safe to run on several instances at once (ADR 0015); a failed run is logged and tried again next interval.
/// </summary>
public sealed class MembershipSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<MembershipOptions> options, ILogger<MembershipSweeper> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<MembershipReconciliation>().RunAsync(stoppingToken);
                }

                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<MembershipReminders>().RunAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "The membership sweep failed; trying again next interval");
            }

            try
            {
                await Task.Delay(options.Value.SweepInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
