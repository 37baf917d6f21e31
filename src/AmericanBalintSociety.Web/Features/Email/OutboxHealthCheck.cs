using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Degraded when mail failed for good, or a mail has waited past <c>Health:MailBacklogAge</c> after it was due.</summary>
public sealed class OutboxHealthCheck(AppDbContext db, TimeProvider clock, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failed = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.Status == OutboxStatus.Failed, cancellationToken);
        var overdue = clock.GetUtcNow() - options.Value.MailBacklogAge;
        var late = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt < overdue, cancellationToken);
        return failed > 0 || late > 0
            ? HealthCheckResult.Degraded($"{failed} failed mail(s), {late} mail(s) overdue by more than {options.Value.MailBacklogAge.TotalMinutes:N0} minutes: see Admin → Mail.")
            : HealthCheckResult.Healthy("Mail is going out");
    }
}
