using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>
/// One pass over the outbox: claim each due message, send it, record the outcome.
/// A message is claimed with a conditional update (a lease), so two dispatchers, in one process or
/// several, never send the same message at the same time; a sent message is never picked again.
/// </summary>
public sealed class OutboxProcessor(
    AppDbContext db,
    IEmailTransport transport,
    TimeProvider clock,
    IOptions<EmailOptions> options,
    ILogger<OutboxProcessor> logger)
{
    /// <summary>Sends what is due; returns how many messages went out.</summary>
    public async Task<int> ProcessDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value.Dispatcher;
        var now = clock.GetUtcNow();

        var due = await db.OutboxMessages
            .AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now
                && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TrySendAsync(id, settings, cancellationToken))
            {
                sent++;
                if (settings.DelayBetweenMessages > TimeSpan.Zero)
                {
                    await Task.Delay(settings.DelayBetweenMessages, clock, cancellationToken);
                }
            }
        }

        return sent;
    }

    private async Task<bool> TrySendAsync(Guid id, OutboxDispatcherOptions settings, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? leaseEnd = now + settings.LeaseDuration;

        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, leaseEnd), cancellationToken);
        if (claimed == 0)
        {
            return false; // another dispatcher has it, or it went out meanwhile
        }

        var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
        try
        {
            await transport.SendAsync(MimeMessageFactory.Create(message, options.Value), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            message.Attempts++;
            message.LockedUntil = null;
            message.LastError = Truncate($"{ex.GetType().Name}: {ex.Message}", 2000);
            if (message.Attempts >= settings.MaxAttempts)
            {
                message.Status = OutboxStatus.Failed;
                logger.LogError(ex, "Mail {OutboxId} ({Category}) failed after {Attempts} attempts; giving up",
                    message.Id, message.Category, message.Attempts);
            }
            else
            {
                var delay = RetryDelay(message.Attempts, settings);
                message.NextAttemptAt = clock.GetUtcNow() + delay;
                logger.LogWarning("Mail {OutboxId} ({Category}) attempt {Attempts} failed ({Error}); retrying in {Delay}",
                    message.Id, message.Category, message.Attempts, ex.Message, delay);
            }

            await db.SaveChangesAsync(CancellationToken.None);
            return false;
        }

        message.Attempts++;
        message.Status = OutboxStatus.Sent;
        message.SentAt = clock.GetUtcNow();
        message.LockedUntil = null;
        message.LastError = null;
        // Recorded even if the host is stopping: the mail has left, and must not be sent again.
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Mail {OutboxId} ({Category}) sent", message.Id, message.Category);
        return true;
    }

    /// <summary>Exponential backoff: base, 2×base, 4×base … capped at the maximum.</summary>
    public static TimeSpan RetryDelay(int attempts, OutboxDispatcherOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = settings.RetryBaseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= settings.RetryMaxDelay.Ticks ? settings.RetryMaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
