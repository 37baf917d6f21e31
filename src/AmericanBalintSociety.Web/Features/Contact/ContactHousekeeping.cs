using AmericanBalintSociety.Web.Data.Jobs;

namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>Once an hour, on one instance, deletes the contact messages past their retention (<see cref="ContactInbox.DeleteExpiredAsync"/>).</summary>
public sealed class ContactHousekeeping(IServiceScopeFactory scopes, BackgroundStart start, TimeProvider clock, ILogger<ContactHousekeeping> logger)
    : PeriodicJob(scopes, start, clock, logger)
{
    private readonly ILogger<ContactHousekeeping> _logger = logger;

    protected override string Name => "contact.housekeeping";

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var deleted = await services.GetRequiredService<ContactInbox>().DeleteExpiredAsync(cancellationToken);
        if (deleted > 0)
        {
            _logger.LogInformation("Deleted {Count} contact message(s) past their retention", deleted);
        }
    }
}
