using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>
/// Empties the text of mail sent or cancelled more than <see cref="EmailOptions.KeepMailTextDays"/> ago: its HTML and
/// plain-text bodies and its extra headers. The row stays as the record of what was sent to whom and when (staff's
/// mail pages, a newsletter's progress, "Download my data"); the bodies were most of the outbox's size, and the
/// links in them (a password reset, an unsubscribe link, an ebook download) are what a copy of the database or of
/// a backup must not keep carrying for years. A newsletter keeps its own text on the newsletter.
/// </summary>
public sealed class MailRetention(AppDbContext db, IOptions<EmailOptions> options, TimeProvider clock)
{
    /// <summary>Rows emptied a statement, so that one pass never holds the database's write lock for long.</summary>
    public const int BatchSize = 500;

    /// <summary>Empties the text of the mails past their time; returns how many were emptied.</summary>
    public async Task<int> ForgetOldTextAsync(CancellationToken cancellationToken)
    {
        // NextAttemptAt is when a mail was last due to go, or when staff cancelled it; it is never later than SentAt. It is
        // in the (Status, NextAttemptAt) index, so a pass reads only the rows due before the cut-off; SentAt then keeps
        // a mail that was due long ago but went only lately (the dispatcher was down) for its full time.
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.KeepMailTextDays);
        var emptied = 0;
        while (true)
        {
            var batch = await db.OutboxMessages
                .Where(m => (m.Status == OutboxStatus.Sent || m.Status == OutboxStatus.Cancelled) && m.NextAttemptAt < cutoff && (m.SentAt == null || m.SentAt < cutoff)
                    && (m.HtmlBody != "" || m.TextBody != "" || m.HeadersJson != null))
                .OrderBy(m => m.NextAttemptAt)
                .Take(BatchSize)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(m => m.HtmlBody, "").SetProperty(m => m.TextBody, "").SetProperty(m => m.HeadersJson, (string?)null),
                    cancellationToken);
            emptied += batch;
            if (batch < BatchSize)
            {
                return emptied;
            }
        }
    }
}
