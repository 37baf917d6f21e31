using AmericanBalintSociety.Web.Data.Jobs;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Once an hour, on one instance, empties the text of mail past its time (<see cref="MailRetention"/>).</summary>
public sealed class MailHousekeeping(IServiceScopeFactory scopes, BackgroundStart start, TimeProvider clock, ILogger<MailHousekeeping> logger)
    : PeriodicJob(scopes, start, clock, logger)
{
    private readonly ILogger<MailHousekeeping> _logger = logger;

    protected override string Name => "mail.housekeeping";

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    protected override async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var emptied = await services.GetRequiredService<MailRetention>().ForgetOldTextAsync(cancellationToken);
        if (emptied > 0)
        {
            _logger.LogInformation("Emptied the text of {Count} mail(s) past Email:KeepMailTextDays", emptied);
        }
    }
}
