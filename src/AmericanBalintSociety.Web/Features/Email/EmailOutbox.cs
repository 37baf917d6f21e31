using System.Text.Json;
using AmericanBalintSociety.Web.Data;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>A mail a feature wants sent. Both parts are required: every mail has an HTML and a plain-text part.</summary>
public sealed record EmailMessage(string To, string Subject, string HtmlBody, string TextBody)
{
    public string? ToName { get; init; }

    /// <summary>Extra headers, e.g. <c>List-Unsubscribe</c>.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public string? Category { get; init; }
}

/// <summary>
/// The one way to send mail. <see cref="Enqueue"/> adds the mail to the caller's unit of work, so it is
/// stored in the same transaction as whatever caused it; the dispatcher sends it after the commit.
/// </summary>
public sealed class EmailOutbox(AppDbContext db, TimeProvider clock, IOptions<EmailOptions> options)
{
    /// <summary>Adds the mail to the context without saving: the caller's SaveChanges commits both together.</summary>
    public OutboxMessage Enqueue(EmailMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.To);

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        var from = options.Value.FromAddress;
        var outboxMessage = new OutboxMessage
        {
            Id = id,
            // Fixed now, so a retried send is recognisably the same message.
            MessageId = $"{id:N}@{from[(from.LastIndexOf('@') + 1)..]}",
            ToAddress = message.To.Trim(),
            ToName = message.ToName,
            Subject = message.Subject,
            HtmlBody = message.HtmlBody,
            TextBody = message.TextBody,
            HeadersJson = message.Headers is { Count: > 0 } ? JsonSerializer.Serialize(message.Headers) : null,
            Category = message.Category,
            CreatedAt = now,
            NextAttemptAt = now,
        };
        db.OutboxMessages.Add(outboxMessage);
        return outboxMessage;
    }

    /// <summary>Queues the mail on its own and saves at once (for callers with nothing else to save).</summary>
    public async Task<OutboxMessage> SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var queued = Enqueue(message);
        await db.SaveChangesAsync(cancellationToken);
        return queued;
    }
}
