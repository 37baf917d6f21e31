using AmericanBalintSociety.Web.Data.Jobs;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>Once an hour, on one instance, deletes expired signup requests and abandoned import uploads.</summary>
public sealed class MailingListHousekeeping(IServiceScopeFactory scopes, BackgroundStart start, TimeProvider clock, ILogger<MailingListHousekeeping> logger)
    : PeriodicJob(scopes, start, clock, logger)
{
    protected override string Name => "mailing-list.housekeeping";

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<MailingListService>().DeleteExpiredRequestsAsync(cancellationToken);
        await services.GetRequiredService<SubscriberImporter>().DeleteAbandonedAsync(cancellationToken);
    }
}
