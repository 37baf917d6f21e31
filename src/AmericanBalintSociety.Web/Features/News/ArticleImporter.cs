using System.Security.Claims;
using AmericanBalintSociety.Web.Data.Seeding;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>What happened to one imported file.</summary>
public sealed record ImportOutcome(string File, string? Slug, string Result, string? Error)
{
    public bool Failed => Error is not null;
}

/// <summary>
/// Imports Markdown files with front matter (<c>title</c>, <c>slug</c>, <c>published</c>, <c>summary</c>,
/// optional <c>tags</c> and <c>draft: true</c>) through the same save path as the editor: an existing slug is
/// updated (with a revision), a new one created. A bad file is reported with its reason; the rest still import.
/// </summary>
public sealed class ArticleImporter(ArticleAdminService articles, IArticleSearch search, Shared.SiteTime siteTime)
{
    /// <summary>The identity imports are recorded under in the audit log.</summary>
    public static readonly ClaimsPrincipal ImportActor = new(new ClaimsIdentity([new Claim(ClaimTypes.Name, "import")], "system"));

    public async Task<IReadOnlyList<ImportOutcome>> ImportPathAsync(string path, CancellationToken cancellationToken)
    {
        if (File.Exists(path))
        {
            return [await ImportFileAsync(path, ArticleKind.Article, createOnly: false, cancellationToken)];
        }

        if (!Directory.Exists(path))
        {
            return [new ImportOutcome(path, null, "failed", "No such file or folder.")];
        }

        var outcomes = new List<ImportOutcome>();
        foreach (var file in Directory.EnumerateFiles(path, "*.md", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
        {
            outcomes.Add(await ImportFileAsync(file, ArticleKind.Article, createOnly: false, cancellationToken));
        }

        await search.OptimizeAsync(cancellationToken); // one save per file leaves the search index in many pieces
        return outcomes;
    }

    /// <param name="file">The Markdown file.</param>
    /// <param name="kind">An article (needs <c>published</c> unless a draft) or a page (published at once unless a draft).</param>
    /// <param name="createOnly">Seeding: only create; an article that already has the slug is left exactly as it is.</param>
    /// <param name="cancellationToken">Cancels the import.</param>
    public async Task<ImportOutcome> ImportFileAsync(string file, ArticleKind kind, bool createOnly, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(file);
        try
        {
            var document = FrontMatterDocument.Parse<ArticleFrontMatter>(await File.ReadAllTextAsync(file, cancellationToken));
            var front = document.FrontMatter;
            if (Problem(document, kind) is { } problem)
            {
                return new ImportOutcome(name, string.IsNullOrWhiteSpace(front.Title) ? null : front.Slug, "failed", problem);
            }

            var existing = await articles.FindBySlugAsync(front.Slug!, cancellationToken);
            if (existing is not null && createOnly)
            {
                return new ImportOutcome(name, front.Slug, "skipped", null);
            }

            if (existing is { } other && other.Kind != kind)
            {
                return new ImportOutcome(name, front.Slug, "failed", $"The address '{front.Slug}' is used by a {ArticleAdminService.Noun(other.Kind)}.");
            }

            var existingId = existing?.Id;
            var form = await FormAsync(document, kind, existingId, cancellationToken);
            var action = front.Draft ? ArticleSaveAction.SaveDraft
                : kind is ArticleKind.Page ? ArticleSaveAction.PublishNow
                : ArticleSaveAction.PublishAtGivenTime;
            var result = await articles.SaveAsync(form, action, ImportActor, cancellationToken);
            return result.Succeeded
                ? new ImportOutcome(name, result.Value!.Slug, existingId is null ? "created" : "updated", null)
                : new ImportOutcome(name, front.Slug, "failed", result.Error);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return new ImportOutcome(name, null, "failed", ex.Message);
        }
    }

    /// <summary>What is wrong with the file's front matter or body, or null.</summary>
    private string? Problem(FrontMatterDocument<ArticleFrontMatter> document, ArticleKind kind)
    {
        var front = document.FrontMatter;
        if (string.IsNullOrWhiteSpace(front.Title))
        {
            return "'title' is missing.";
        }

        if (string.IsNullOrWhiteSpace(front.Slug) || !Slugs.IsValid(front.Slug))
        {
            return $"'slug' is missing or not a valid address: '{front.Slug}'.";
        }

        if (string.IsNullOrWhiteSpace(document.Body))
        {
            return "The article has no text after its front matter.";
        }

        return kind is ArticleKind.Article && !front.Draft && front.ParsePublished(siteTime) is null
            ? "'published' is missing (or mark the article 'draft: true')."
            : null;
    }

    /// <summary>The editor's form filled from the file; for an existing article, its version and cover are kept.</summary>
    private async Task<ArticleForm> FormAsync(FrontMatterDocument<ArticleFrontMatter> document, ArticleKind kind, int? existingId, CancellationToken cancellationToken)
    {
        var front = document.FrontMatter;
        var form = new ArticleForm
        {
            Kind = kind,
            Title = front.Title!,
            Slug = front.Slug,
            Summary = front.Summary,
            Tags = string.Join(", ", front.Tags),
            BodyMarkdown = document.Body,
            PublishAt = front.ParsePublished(siteTime)?.UtcDateTime,
        };
        if (existingId is { } id)
        {
            var current = await articles.GetFormAsync(id, cancellationToken);
            form.Id = id;
            form.Version = current!.Value.Form.Version;
            form.CoverImage = current.Value.Form.CoverImage;
            form.CoverImageAlt = current.Value.Form.CoverImageAlt;
            form.MembersOnly = current.Value.Form.MembersOnly; // who may read it is the site's setting, not the file's
        }

        return form;
    }
}
