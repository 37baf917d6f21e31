using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>What a successful save tells the editor: where the article (or page) now is.</summary>
public sealed record SavedArticle(int Id, string Slug);

public sealed record AdminArticleRow(int Id, string Title, string Slug, ArticleState State, DateTimeOffset? PublishedAt, DateTimeOffset UpdatedAt, string? UpdatedBy);

public sealed record RevisionRow(int Id, int Version, string Title, DateTimeOffset SavedAt, string? SavedBy);

public sealed record NewsCounts(int Drafts, int Scheduled, int Published);

/// <summary>
/// What staff do to articles and pages (one table, ADR 0014). Every save renders the Markdown once, keeps the previous version as a
/// revision, refuses to overwrite a version someone else saved meanwhile, records who did it, keeps old
/// addresses redirecting, and evicts the cached news pages.
/// </summary>
public sealed class ArticleAdminService(
    AppDbContext db,
    MarkdownRenderer markdown,
    AuditLog audit,
    NewsCache cache,
    IArticleSearch search,
    SiteTime siteTime,
    CoverImageStore covers,
    ReservedAddresses reserved,
    TimeProvider clock)
{
    public const int AdminPageSize = 20;

    public async Task<NewsCounts> CountsAsync(ArticleKind kind, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ofKind = db.Articles.Where(a => a.Kind == kind);
        return new NewsCounts(
            await ofKind.CountAsync(a => a.PublishedAt == null, cancellationToken),
            await ofKind.CountAsync(a => a.PublishedAt > now, cancellationToken),
            await ofKind.CountAsync(a => a.PublishedAt <= now, cancellationToken));
    }

    public async Task<Paged<AdminArticleRow>> ListAsync(ArticleKind kind, ArticleState? state, string? query, int page, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var articles = db.Articles.AsNoTracking().Where(a => a.Kind == kind);
        articles = state switch
        {
            ArticleState.Draft => articles.Where(a => a.PublishedAt == null),
            ArticleState.Scheduled => articles.Where(a => a.PublishedAt > now),
            ArticleState.Published => articles.Where(a => a.PublishedAt <= now),
            _ => articles,
        };
        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim();
            articles = articles.Where(a => a.Title.Contains(q) || a.Slug.Contains(q));
        }

        var total = await articles.CountAsync(cancellationToken);
        var rows = await articles
            .OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * AdminPageSize).Take(AdminPageSize)
            .Select(a => new { a.Id, a.Title, a.Slug, a.PublishedAt, a.UpdatedAt, a.UpdatedBy })
            .ToListAsync(cancellationToken);
        var items = rows.Select(a => new AdminArticleRow(
            a.Id, a.Title, a.Slug,
            a.PublishedAt is null ? ArticleState.Draft : a.PublishedAt > now ? ArticleState.Scheduled : ArticleState.Published,
            a.PublishedAt, a.UpdatedAt, a.UpdatedBy)).ToList();
        return new Paged<AdminArticleRow>(items, page, AdminPageSize, total);
    }

    /// <summary>The editor's form for an article, or null when it does not exist.</summary>
    public async Task<(ArticleForm Form, ArticleState State, DateTimeOffset? PublishedAt)?> GetFormAsync(int id, CancellationToken cancellationToken)
    {
        var article = await db.Articles.AsNoTracking().Include(a => a.Tags).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return null;
        }

        var form = new ArticleForm
        {
            Id = article.Id,
            Kind = article.Kind,
            Version = article.Version,
            Title = article.Title,
            Slug = article.Slug,
            Summary = article.Summary,
            Tags = TagList(article),
            BodyMarkdown = article.BodyMarkdown,
            PublishAt = article.PublishedAt is { } p ? siteTime.ToLocal(p).DateTime : null,
            CoverImage = article.CoverImage,
            CoverImageAlt = article.CoverImageAlt,
            MembersOnly = article.MembersOnly,
        };
        return (form, article.StateAt(clock.GetUtcNow()), article.PublishedAt);
    }

    /// <summary>The article or page at an address (addresses are unique across both), or null.</summary>
    public async Task<(int Id, ArticleKind Kind)?> FindBySlugAsync(string slug, CancellationToken cancellationToken)
    {
        var found = await db.Articles.Where(a => a.Slug == slug).Select(a => new { a.Id, a.Kind }).SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : (found.Id, found.Kind);
    }

    /// <summary>
    /// The one write path for articles (the editor, restore, <c>content import</c> and so the seed content): the form is
    /// checked, then the article, a revision of its previous version, its tags, its old-address redirects and an audit
    /// entry are saved in one transaction, refused with the editor's text kept when someone else saved first or took
    /// the address; then the caches are emptied.
    /// </summary>
    public async Task<Result<SavedArticle>> SaveAsync(ArticleForm form, ArticleSaveAction action, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(actor);
        var now = clock.GetUtcNow();
        var check = await CheckAsync(form, action, now, cancellationToken);
        if (!check.Succeeded)
        {
            return check.As<SavedArticle>();
        }

        var target = check.Value!;
        Result<SavedArticle> saved;
        try
        {
            saved = await db.RunInTransactionAsync(() => WriteAsync(form, target, action, actor, now, cancellationToken), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            var current = await db.Articles.AsNoTracking().SingleOrDefaultAsync(a => a.Id == form.Id, cancellationToken);
            return current is null
                ? Result.Conflict<SavedArticle>($"This {Noun(form.Kind)} has been deleted by someone else. Your text is still below.")
                : ConflictWith(current);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Only another article holding the address means the address was taken; anything else is a fault.
            db.ChangeTracker.Clear();
            if (!await db.Articles.AsNoTracking().AnyAsync(a => a.Slug == target.Slug && a.Id != (form.Id ?? 0), cancellationToken))
            {
                throw;
            }

            return Result.Invalid<SavedArticle>(nameof(form.Slug), $"The address “{target.Slug}” was just taken by another article or page. Choose another.");
        }

        if (saved.Succeeded)
        {
            await cache.ArticlesChangedAsync(cancellationToken);
        }

        // Done with these entities: a long-lived context (an import of thousands of files) must not keep
        // tracking them, or every later save would scan them all.
        db.ChangeTracker.Clear();
        return saved;
    }

    /// <summary>What a save was asked to do, once the form has been checked.</summary>
    private sealed record SaveTarget(string Slug, DateTimeOffset? ScheduledFor, string? CoverImage);

    /// <summary>The address, the publication time and the cover's description, checked before anything is written.</summary>
    private async Task<Result<SaveTarget>> CheckAsync(ArticleForm form, ArticleSaveAction action, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var slug = string.IsNullOrWhiteSpace(form.Slug) ? Slugs.From(form.Title) : form.Slug.Trim();
        if (!Slugs.IsValid(slug))
        {
            return Result.Invalid<SaveTarget>(nameof(form.Slug), $"Give the {Noun(form.Kind)} an address: lower-case letters, digits and single hyphens.");
        }

        if (form.Kind is ArticleKind.Page && reserved.IsReserved(slug))
        {
            // A page lives at the site's root, where the site's own sections (/news, /book, /admin…) already are.
            return Result.Invalid<SaveTarget>(nameof(form.Slug), $"The address “/{slug}” belongs to the site itself. Choose another, e.g. “{slug}-page”.");
        }

        if (form.Kind is ArticleKind.Page && action is ArticleSaveAction.Schedule)
        {
            return Result.Invalid<SaveTarget>(nameof(form.PublishAt), "Pages are published at once; they cannot be scheduled.");
        }

        var taken = await db.Articles.AsNoTracking()
            .Where(a => a.Slug == slug && a.Id != (form.Id ?? 0))
            .Select(a => a.Title)
            .FirstOrDefaultAsync(cancellationToken);
        if (taken is not null)
        {
            return Result.Invalid<SaveTarget>(nameof(form.Slug), $"The address “{slug}” is already used by “{taken}”. Choose another.");
        }

        DateTimeOffset? scheduledFor = null;
        if (action is ArticleSaveAction.Schedule)
        {
            if (form.PublishAt is null)
            {
                return Result.Invalid<SaveTarget>(nameof(form.PublishAt), "Choose when the article should be published.");
            }

            scheduledFor = siteTime.FromLocal(form.PublishAt.Value);
            if (scheduledFor <= now)
            {
                return Result.Invalid<SaveTarget>(nameof(form.PublishAt), "A scheduled time must be in the future. To publish now, use “Publish now”.");
            }
        }

        if (action is ArticleSaveAction.PublishAtGivenTime && form.PublishAt is null)
        {
            return Result.Invalid<SaveTarget>(nameof(form.PublishAt), "No publication time given.");
        }

        var coverImage = form.RemoveCover ? null : form.CoverImage;
        if (coverImage is not null && !covers.IsStored(coverImage)
            && !(form.Id is { } id && await db.Articles.AnyAsync(a => a.Id == id && a.CoverImage == coverImage, cancellationToken)))
        {
            // The cover travels in a hidden field: only a name this site stored (or the article's own) is taken, never
            // a path that every visitor's browser would fetch.
            return Result.Invalid<SaveTarget>("", "The cover image is not one the site stored. Choose the image again.");
        }

        if (coverImage is not null && string.IsNullOrWhiteSpace(form.CoverImageAlt))
        {
            return Result.Invalid<SaveTarget>(nameof(form.CoverImageAlt), "Describe the cover image for people who cannot see it.");
        }

        return Result.Success(new SaveTarget(slug, scheduledFor, coverImage));
    }

    /// <summary>
    /// Inside the transaction: loads (or creates) the article, keeps a revision of the old version, applies the form,
    /// keeps old addresses, and records the audit entry, which needs the new article's id (hence a save first).
    /// </summary>
    private async Task<Result<SavedArticle>> WriteAsync(
        ArticleForm form, SaveTarget target, ArticleSaveAction action, ClaimsPrincipal actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        Article article;
        if (form.Id is { } id)
        {
            var existing = await db.Articles.Include(a => a.Tags).SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
            if (existing is null)
            {
                return Result.Conflict<SavedArticle>($"This {Noun(form.Kind)} has been deleted by someone else. Your text is still below: copy it before leaving the page.");
            }

            if (existing.Version != form.Version)
            {
                return ConflictWith(existing);
            }

            article = existing;
            db.ArticleRevisions.Add(Snapshot(article));
        }
        else
        {
            article = new Article { Kind = form.Kind, Slug = target.Slug, Title = form.Title, CreatedAt = now, Version = 0 };
            db.Articles.Add(article);
        }

        var previousState = form.Id is null ? (ArticleState?)null : article.StateAt(now);
        var oldSlug = form.Id is null ? null : article.Slug;
        Apply(article, form, target, action, actor, now);
        await UpdateAddressesAsync(article.Id, oldSlug, target.Slug, cancellationToken);

        await db.SaveChangesAsync(cancellationToken);
        audit.Record(actor, AuditAction(article.Kind, previousState, article.StateAt(now), action), $"article:{article.Id}",
            $"“{article.Title}” ({article.Slug}), version {article.Version}");
        return Result.Success(new SavedArticle(article.Id, article.Slug));
    }

    /// <summary>The form's content and the publication time the action asks for, rendered once (render on save).</summary>
    private void Apply(Article article, ArticleForm form, SaveTarget target, ArticleSaveAction action, ClaimsPrincipal actor, DateTimeOffset now)
    {
        var rendered = markdown.Render(form.BodyMarkdown);
        article.Title = form.Title.Trim();
        article.Slug = target.Slug;
        article.Summary = (form.Summary ?? "").Trim();
        article.BodyMarkdown = form.BodyMarkdown;
        article.BodyHtml = rendered.Html;
        article.BodyText = rendered.PlainText;
        article.CoverImage = target.CoverImage;
        article.CoverImageAlt = target.CoverImage is null ? null : form.CoverImageAlt?.Trim();
        article.MembersOnly = form.MembersOnly;
        article.PublishedAt = action switch
        {
            ArticleSaveAction.SaveDraft or ArticleSaveAction.Unpublish => null,
            ArticleSaveAction.PublishNow => article.PublishedAt is { } p && p <= now ? p : now,
            ArticleSaveAction.Schedule => target.ScheduledFor,
            ArticleSaveAction.PublishAtGivenTime => new DateTimeOffset(DateTime.SpecifyKind(form.PublishAt!.Value, DateTimeKind.Utc)),
            _ => article.PublishedAt,
        };
        article.UpdatedAt = now;
        article.UpdatedBy = actor.Identity?.Name;
        article.Version++;

        ReplaceTags(article, article.Kind is ArticleKind.Page ? null : form.Tags);
        foreach (var tag in article.Tags)
        {
            tag.PublishedAt = article.PublishedAt;
        }
    }

    /// <summary>A changed address keeps the old one as a redirect; the live address wins over an old one that pointed elsewhere.</summary>
    private async Task UpdateAddressesAsync(int articleId, string? oldSlug, string slug, CancellationToken cancellationToken)
    {
        if (oldSlug is not null && oldSlug != slug)
        {
            await KeepOldAddressAsync(articleId, oldSlug, cancellationToken);
        }

        db.ArticleSlugRedirects.RemoveRange(await db.ArticleSlugRedirects.Where(r => r.OldSlug == slug).ToListAsync(cancellationToken));
    }

    public async Task<bool> DeleteAsync(int id, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var article = await db.Articles.SingleOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (article is null)
        {
            return false;
        }

        db.Articles.Remove(article);
        audit.Record(actor, $"{Noun(article.Kind)}.deleted", $"article:{id}", $"“{article.Title}” ({article.Slug})");
        await db.SaveChangesAsync(cancellationToken);
        await cache.ArticlesChangedAsync(cancellationToken);
        return true;
    }

    public Task<List<RevisionRow>> RevisionsAsync(int articleId, CancellationToken cancellationToken) =>
        db.ArticleRevisions.AsNoTracking()
            .Where(r => r.ArticleId == articleId)
            .OrderByDescending(r => r.Version)
            .Select(r => new RevisionRow(r.Id, r.Version, r.Title, r.SavedAt, r.SavedBy))
            .ToListAsync(cancellationToken);

    public Task<ArticleRevision?> RevisionAsync(int articleId, int revisionId, CancellationToken cancellationToken) =>
        db.ArticleRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.ArticleId == articleId && r.Id == revisionId, cancellationToken);

    /// <summary>Puts a revision's content back (the publication state stays), keeping the current version as a revision.</summary>
    public async Task<Result<SavedArticle>> RestoreAsync(int articleId, int revisionId, int basedOnVersion, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        var revision = await RevisionAsync(articleId, revisionId, cancellationToken);
        if (revision is null)
        {
            return Result.Conflict<SavedArticle>("That version no longer exists.");
        }

        // A version restores the content; who may read it (members only) stays as it is now.
        var current = await db.Articles.Where(a => a.Id == articleId).Select(a => new { a.Kind, a.MembersOnly }).FirstOrDefaultAsync(cancellationToken);
        var kind = current?.Kind ?? default;
        var form = new ArticleForm
        {
            Id = articleId,
            Kind = kind,
            MembersOnly = current?.MembersOnly ?? false,
            Version = basedOnVersion,
            Title = revision.Title,
            Slug = revision.Slug,
            Summary = revision.Summary,
            Tags = revision.Tags,
            BodyMarkdown = revision.BodyMarkdown,
            CoverImage = revision.CoverImage,
            CoverImageAlt = revision.CoverImageAlt,
        };
        var result = await SaveAsync(form, ArticleSaveAction.Update, actor, cancellationToken);
        if (result.Succeeded)
        {
            audit.Record(actor, $"{Noun(kind)}.restored", $"article:{articleId}", $"restored version {revision.Version}");
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>Renders every article again with the current pipeline (after <see cref="MarkdownRenderer.PipelineVersion"/> changes).</summary>
    public async Task<int> RerenderAllAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        var ids = await db.Articles.Select(a => a.Id).ToListAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(100))
        {
            var articles = await db.Articles.Where(a => chunk.Contains(a.Id)).ToListAsync(cancellationToken);
            foreach (var article in articles)
            {
                var rendered = markdown.Render(article.BodyMarkdown);
                article.BodyHtml = rendered.Html;
                article.BodyText = rendered.PlainText;
                count++;
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        await search.OptimizeAsync(cancellationToken); // every changed body was re-indexed, one at a time
        await cache.ArticlesChangedAsync(cancellationToken);
        return count;
    }

    private Result<SavedArticle> ConflictWith(Article current) =>
        Result.Conflict<SavedArticle>(
            $"{current.UpdatedBy ?? "Someone"} saved this {Noun(current.Kind)} at {siteTime.DateAndTime(current.UpdatedAt)}, after you opened it. " +
            "Your changes have not been saved and are still below. Open it again in another tab to see their version, " +
            "copy what you need from here, and save there.");

    private static ArticleRevision Snapshot(Article article) => new()
    {
        ArticleId = article.Id,
        Version = article.Version,
        Title = article.Title,
        Slug = article.Slug,
        Summary = article.Summary,
        Tags = TagList(article),
        BodyMarkdown = article.BodyMarkdown,
        PublishedAt = article.PublishedAt,
        CoverImage = article.CoverImage,
        CoverImageAlt = article.CoverImageAlt,
        SavedAt = article.UpdatedAt,
        SavedBy = article.UpdatedBy,
    };

    /// <summary>The tags as the editor shows them: "Council, Diversity".</summary>
    private static string TagList(Article article) =>
        string.Join(", ", article.Tags.OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => t.Name));

    private static void ReplaceTags(Article article, string? tags)
    {
        var wanted = Slugs.ParseTags(tags);
        article.Tags.RemoveAll(t => !wanted.Any(w => w.Slug == t.Slug));
        foreach (var (slug, name) in wanted)
        {
            var existing = article.Tags.Find(t => t.Slug == slug);
            if (existing is null)
            {
                article.Tags.Add(new ArticleTag { Slug = slug, Name = name });
            }
            else
            {
                existing.Name = name;
            }
        }
    }

    private async Task KeepOldAddressAsync(int articleId, string oldSlug, CancellationToken cancellationToken)
    {
        if (!await db.ArticleSlugRedirects.AnyAsync(r => r.OldSlug == oldSlug, cancellationToken))
        {
            db.ArticleSlugRedirects.Add(new ArticleSlugRedirect { OldSlug = oldSlug, ArticleId = articleId });
        }
    }

    /// <summary>How messages name the thing: "article" or "page".</summary>
    public static string Noun(ArticleKind kind) => kind is ArticleKind.Page ? "page" : "article";

    private static string AuditAction(ArticleKind kind, ArticleState? before, ArticleState after, ArticleSaveAction action) => Noun(kind) + (before, after) switch
    {
        (null, ArticleState.Draft) => ".created",
        (null, _) => after == ArticleState.Scheduled ? ".scheduled" : ".published",
        (not ArticleState.Published, ArticleState.Published) => ".published",
        (not ArticleState.Scheduled, ArticleState.Scheduled) => ".scheduled",
        (not ArticleState.Draft, ArticleState.Draft) when action is ArticleSaveAction.Unpublish or ArticleSaveAction.SaveDraft => ".unpublished",
        _ => ".updated",
    };
}
