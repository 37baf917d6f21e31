namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>Once an hour, deletes the contact messages past their retention (<see cref="ContactInbox.DeleteExpiredAsync"/>).</summary>
public sealed class ContactHousekeeping(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ContactHousekeeping> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var deleted = await scope.ServiceProvider.GetRequiredService<ContactInbox>().DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} contact message(s) past their retention", deleted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Contact housekeeping failed; trying again in an hour");
            }

            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
