using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>
/// One batch of one newsletter: the next confirmed subscribers after the cursor get their mail queued in the outbox, and
/// the cursor moves past them, in one SaveChanges (one transaction). A crash before it commits queues nothing; after,
/// the batch is done for good. Two senders racing on the same batch collide on the newsletter's version and one rolls back.
/// </summary>
public sealed class NewsletterBatches(
    AppDbContext db, MailingListEmails emails, TimeProvider clock, IOptions<MailingListOptions> options, ILogger<NewsletterBatches> logger)
{
    /// <summary>Queues one batch for every newsletter being sent; returns how many mails were queued.</summary>
    public async Task<int> ProcessAsync(CancellationToken cancellationToken)
    {
        var sending = await db.Newsletters.AsNoTracking().Where(n => n.Status == NewsletterStatus.Sending)
            .OrderBy(n => n.Id).Select(n => n.Id).ToListAsync(cancellationToken);
        var queued = 0;
        foreach (var id in sending)
        {
            queued += await QueueBatchAsync(id, cancellationToken);
        }

        return queued;
    }

    public async Task<int> QueueBatchAsync(int newsletterId, CancellationToken cancellationToken)
    {
        var batchSize = options.Value.Sending.BatchSize;
        var newsletter = await db.Newsletters.FirstOrDefaultAsync(n => n.Id == newsletterId && n.Status == NewsletterStatus.Sending, cancellationToken);
        if (newsletter is null)
        {
            return 0;
        }

        var recipients = await db.Subscribers.AsNoTracking()
            .Where(s => s.Status == SubscriberStatus.Confirmed && s.Id > newsletter.LastSubscriberId && s.Email != null && s.UnsubscribeToken != null)
            .OrderBy(s => s.Id).Take(batchSize)
            .ToListAsync(cancellationToken);

        var siteBase = new Uri(newsletter.SiteBase);
        foreach (var subscriber in recipients)
        {
            emails.Newsletter(subscriber, siteBase, newsletter.Subject, newsletter.HtmlBody, newsletter.Id);
        }

        if (recipients.Count > 0)
        {
            newsletter.LastSubscriberId = recipients[^1].Id;
            newsletter.QueuedCount += recipients.Count;
        }

        if (recipients.Count < batchSize)
        {
            newsletter.Status = NewsletterStatus.Sent;
            newsletter.SendCompletedAt = clock.GetUtcNow();
        }

        newsletter.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            logger.LogInformation("Newsletter {NewsletterId}: another sender took this batch", newsletterId);
            return 0;
        }

        db.ChangeTracker.Clear();
        logger.LogInformation("Newsletter {NewsletterId}: {Count} mails queued ({Total} so far){Done}",
            newsletterId, recipients.Count, newsletter.QueuedCount, newsletter.Status == NewsletterStatus.Sent ? "; done" : "");
        return recipients.Count;
    }
}
