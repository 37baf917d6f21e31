using System.Net;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.MailingList;

public sealed record ArticleChoice(int Id, string Title, DateTimeOffset PublishedAt);

public sealed record NewsletterProgress(int Sent, int Waiting, int Failed);

public sealed record NewsletterSummary(int Id, string Subject, NewsletterStatus Status, DateTimeOffset UpdatedAt, int RecipientCount, int QueuedCount);

/// <summary>Staff's side of newsletters: compose a draft, preview it, send a test, send it to the list exactly once.</summary>
public sealed class NewsletterService(
    AppDbContext db, MarkdownRenderer markdown, CoverImageStore covers, MailingListEmails emails, AuditLog audit, TimeProvider clock,
    WakeUpSignal<NewsletterSender> signal, ILogger<NewsletterService> logger)
{
    public Task<List<NewsletterSummary>> ListAsync(CancellationToken cancellationToken) =>
        db.Newsletters.AsNoTracking().OrderByDescending(n => n.Id).Take(100)
            .Select(n => new NewsletterSummary(n.Id, n.Subject, n.Status, n.UpdatedAt, n.RecipientCount, n.QueuedCount))
            .ToListAsync(cancellationToken);

    /// <summary>Public articles to choose from, newest first.</summary>
    public Task<List<ArticleChoice>> ArticleChoicesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Articles.AsNoTracking().Where(a => a.Kind == ArticleKind.Article && a.PublishedAt != null && a.PublishedAt <= now)
            .OrderByDescending(a => a.PublishedAt).Take(50)
            .Select(a => new ArticleChoice(a.Id, a.Title, a.PublishedAt!.Value))
            .ToListAsync(cancellationToken);
    }

    public Task<Newsletter?> GetAsync(int id, CancellationToken cancellationToken) =>
        db.Newsletters.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, cancellationToken);

    public Task<int> ConfirmedCountAsync(CancellationToken cancellationToken) =>
        db.Subscribers.CountAsync(s => s.Status == SubscriberStatus.Confirmed, cancellationToken);

    /// <summary>The outbox's view of a newsletter's mails: sent, still waiting, failed.</summary>
    public async Task<NewsletterProgress> ProgressAsync(int id, CancellationToken cancellationToken)
    {
        var category = MailingListEmails.NewsletterCategory(id);
        var counts = await db.OutboxMessages.AsNoTracking().Where(m => m.Category == category)
            .GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(OutboxStatus status) => counts.FirstOrDefault(c => c.Key == status)?.Count ?? 0;
        return new NewsletterProgress(Count(OutboxStatus.Sent), Count(OutboxStatus.Pending), Count(OutboxStatus.Failed));
    }

    private const string ChangedMeanwhile = "Someone else changed this draft since you opened it. Your text is below; open the draft again to see theirs.";

    /// <summary>
    /// Creates a draft (id 0) or updates one, snapshotting the mail's content as it will be sent, so what is sent is
    /// what was previewed. Refused with the errors beside their form fields; null when there is no such newsletter.
    /// </summary>
    public async Task<Result<Newsletter>?> SaveDraftAsync(int id, NewsletterForm form, ClaimsPrincipal actor, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(siteBase);
        var now = clock.GetUtcNow();
        var content = await ComposeAsync(form, siteBase, now, cancellationToken);
        if (!content.Succeeded)
        {
            return content.As<Newsletter>();
        }

        var draft = await DraftToSaveAsync(id, form, actor, siteBase, now, cancellationToken);
        if (draft is null || !draft.Succeeded)
        {
            return draft;
        }

        var newsletter = draft.Value!;
        var (subject, html) = content.Value;
        newsletter.Subject = subject;
        newsletter.ArticleId = form.ArticleId;
        newsletter.BodyMarkdown = form.ArticleId is null ? form.BodyMarkdown : null;
        newsletter.HtmlBody = html;
        newsletter.UpdatedAt = now;
        return await SaveWithAuditAsync(newsletter, isNew: id == 0, actor, cancellationToken);
    }

    /// <summary>
    /// The article's cover across the mail's text column (552 px: the frame's 600 less its padding), fetched from the
    /// site when the reader's client shows pictures; the alt text stands in when it does not.
    /// </summary>
    private string CoverForMail(Article article, Uri siteBase)
    {
        const int columnWidth = 552;
        if (covers.ForMail(article.CoverImage, columnWidth) is not { } found)
        {
            return "";
        }

        var (file, info) = found;

        var src = WebUtility.HtmlEncode(new Uri(siteBase, $"media/covers/{file}").AbsoluteUri);
        var height = info is null ? "" : $" height=\"{(int)Math.Round(columnWidth * (double)info.Height / info.Width)}\"";
        return $"""<p style="margin:0 0 16px;"><img src="{src}" width="{columnWidth}"{height} alt="{WebUtility.HtmlEncode(article.CoverImageAlt ?? "")}" style="display:block;width:100%;max-width:{columnWidth}px;height:auto;border:0;"></p>""";
    }

    /// <summary>The subject and HTML of the mail: a published article (absolute links), or Markdown written for it.</summary>
    private async Task<Result<(string Subject, string Html)>> ComposeAsync(NewsletterForm form, Uri siteBase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (form.ArticleId is { } articleId)
        {
            var article = await db.Articles.AsNoTracking().FirstOrDefaultAsync(a => a.Id == articleId && a.Kind == ArticleKind.Article && a.PublishedAt != null && a.PublishedAt <= now, cancellationToken);
            if (article is null)
            {
                return Result.Invalid<(string, string)>(nameof(NewsletterForm.ArticleId), "Choose a published article.");
            }

            var link = new Uri(siteBase, $"news/{article.Slug}").AbsoluteUri;
            var html = $"""
                {CoverForMail(article, siteBase)}
                <h2 style="font-size:24px;line-height:1.25;margin:0 0 12px;">{WebUtility.HtmlEncode(article.Title)}</h2>
                {(string.IsNullOrWhiteSpace(article.Summary) ? "" : $"<p><em>{WebUtility.HtmlEncode(article.Summary)}</em></p>")}
                {(article.MembersOnly ? "" : markdown.ForMail(article.BodyHtml, siteBase))}
                <p><a href="{WebUtility.HtmlEncode(link)}">{(article.MembersOnly ? "Members can read it on the society's website" : "Read it on the society's website")}</a></p>
                """;
            return Result.Success((string.IsNullOrWhiteSpace(form.Subject) ? article.Title : form.Subject.Trim(), html));
        }

        var errors = new List<ResultError>();
        if (string.IsNullOrWhiteSpace(form.BodyMarkdown))
        {
            errors.Add(new ResultError(nameof(NewsletterForm.BodyMarkdown), "Choose an article or write a message."));
        }

        if (string.IsNullOrWhiteSpace(form.Subject))
        {
            errors.Add(new ResultError(nameof(NewsletterForm.Subject), "Enter a subject (it may be left empty only when sending an article)."));
        }

        return errors.Count > 0
            ? Result.Failure(errors).As<(string, string)>()
            : Result.Success((form.Subject!.Trim(), markdown.ForMail(markdown.ToHtml(form.BodyMarkdown), siteBase)));
    }

    /// <summary>A new draft, or the existing one if it is still a draft and nobody changed it since the form was opened.</summary>
    private async Task<Result<Newsletter>?> DraftToSaveAsync(int id, NewsletterForm form, ClaimsPrincipal actor, Uri siteBase, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (id == 0)
        {
            var created = new Newsletter { Subject = "", SiteBase = siteBase.AbsoluteUri, CreatedAt = now, CreatedBy = actor.Identity?.Name ?? "staff" };
            db.Newsletters.Add(created);
            return Result.Success(created);
        }

        var newsletter = await db.Newsletters.FirstOrDefaultAsync(n => n.Id == id, cancellationToken);
        if (newsletter is null)
        {
            return null;
        }

        if (newsletter.Status != NewsletterStatus.Draft)
        {
            return Result.Failure<Newsletter>("This newsletter has already been sent, so it can no longer be changed.");
        }

        if (newsletter.Version != form.Version)
        {
            return Result.Failure<Newsletter>(ChangedMeanwhile);
        }

        newsletter.Version++;
        newsletter.SiteBase = siteBase.AbsoluteUri;
        return Result.Success(newsletter);
    }

    private async Task<Result<Newsletter>> SaveWithAuditAsync(Newsletter newsletter, bool isNew, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        try
        {
            if (!isNew)
            {
                // An edit and its audit entry commit together, in one save.
                audit.Record(actor, "newsletter.edited", $"newsletter:{newsletter.Id}", newsletter.Subject);
                await db.SaveChangesAsync(cancellationToken);
            }
            else
            {
                // A new draft needs its id before the entry can name it: two saves (a lost entry for a draft is harmless).
                await db.SaveChangesAsync(cancellationToken);
                audit.Record(actor, "newsletter.created", $"newsletter:{newsletter.Id}", newsletter.Subject);
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Failure<Newsletter>(ChangedMeanwhile);
        }

        return Result.Success(newsletter);
    }

    /// <summary>Sends the staff member the mail exactly as subscribers will get it, marked as a test.</summary>
    public async Task<bool> SendTestAsync(int id, ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var newsletter = await GetAsync(id, cancellationToken);
        if (newsletter is null || user.Email is null)
        {
            return false;
        }

        emails.NewsletterTest(user.Email, user.DisplayName, new Uri(newsletter.SiteBase), newsletter.Subject, newsletter.HtmlBody, newsletter.Id);
        audit.Record(user.Id, user.Email, "newsletter.test-sent", $"newsletter:{id}");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Starts sending the draft at the version staff previewed. One conditional update decides: a double click, a
    /// resubmitted form or a second staff member finds it no longer a draft, and nothing is sent twice.
    /// </summary>
    public async Task<Result> StartSendingAsync(int id, int version, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var recipients = await ConfirmedCountAsync(cancellationToken);
        var by = actor.Identity?.Name ?? "staff";
        var started = await db.Newsletters
            .Where(n => n.Id == id && n.Status == NewsletterStatus.Draft && n.Version == version)
            .ExecuteUpdateAsync(s => s
                .SetProperty(n => n.Status, NewsletterStatus.Sending)
                .SetProperty(n => n.SendStartedAt, now)
                .SetProperty(n => n.SentBy, by)
                .SetProperty(n => n.RecipientCount, recipients)
                .SetProperty(n => n.UpdatedAt, now)
                .SetProperty(n => n.Version, n => n.Version + 1), cancellationToken);
        if (started == 0)
        {
            var current = await GetAsync(id, cancellationToken);
            return Result.Failure(current is { Status: NewsletterStatus.Draft }
                ? "The draft changed since you previewed it. Check the preview below, then send again."
                : "This newsletter is already being sent (or was sent); it goes to each subscriber once.");
        }

        audit.Record(actor, "newsletter.sending", $"newsletter:{id}", $"{recipients} confirmed subscribers");
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        logger.LogInformation("Newsletter {NewsletterId} sending to {Recipients} subscribers", id, recipients);
        return Result.Success($"Sending to {recipients} confirmed subscriber{(recipients == 1 ? "" : "s")}.");
    }

    /// <summary>h2 → h3 … h5 → h6: a mail's headings shown inside a page section headed by an h2.</summary>
    public static string DemoteHeadings(string html) =>
        System.Text.RegularExpressions.Regex.Replace(html ?? "", "<(/?)h([2-5])\\b", m => $"<{m.Groups[1].Value}h{int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) + 1}",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));

    public async Task<bool> DeleteDraftAsync(int id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var deleted = await db.Newsletters.Where(n => n.Id == id && n.Status == NewsletterStatus.Draft).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            audit.Record(actor, "newsletter.deleted", $"newsletter:{id}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return deleted > 0;
    }
}
