using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AmericanBalintSociety.Web.Features.Admin.Content;

public sealed record AdminNewsListViewModel(Paged<AdminArticleRow> Articles, ArticleState? State, string? Query);

public sealed record RevisionViewModel(int ArticleId, int CurrentVersion, string CurrentTitle, ArticleRevision Revision, string Html);

/// <summary>
/// The one editor of articles and pages (ADR 0014): the news (<see cref="AdminNewsController"/>) and the society's
/// pages (<see cref="AdminPagesController"/>) differ only in their kind, their address and their words. Staff write,
/// publish, revise and delete. Admin and Editor only. The views read the section from <c>ViewData["Section"]</c>.
/// </summary>
[Authorize(Policy = Policies.Staff)]
public abstract class ContentEditorController(ArticleAdminService articles, CoverImageStore covers, MarkdownRenderer markdown) : Controller
{
    public abstract ContentSection Section { get; }

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        ViewData["Section"] = Section;
        base.OnActionExecuting(context);
    }

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ArticleState? state, [FromQuery] string? q, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        return View("Index", new AdminNewsListViewModel(await articles.ListAsync(Section.Kind, state, q, page, cancellationToken), state, q));
    }

    [HttpGet("new")]
    public IActionResult New() => View("Edit", new ArticleEditorViewModel { Form = new ArticleForm { Kind = Section.Kind } });

    [HttpPost("new")]
    public Task<IActionResult> Create([Bind(Prefix = "Form")] ArticleForm form, [FromForm] string? intent, IFormFile? coverUpload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Id = null;
        form.Kind = Section.Kind;
        return SaveAsync(form, intent, coverUpload, null, cancellationToken);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, [FromQuery] string? saved, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(id, cancellationToken) is not { } current)
        {
            return NotFound();
        }

        return View("Edit", new ArticleEditorViewModel { Form = current.Form, State = current.State, PublishedAt = current.PublishedAt, Saved = saved });
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Update(int id, [Bind(Prefix = "Form")] ArticleForm form, [FromForm] string? intent, IFormFile? coverUpload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Kind = Section.Kind;
        if (await CurrentAsync(id, cancellationToken) is not { } current)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("Edit", new ArticleEditorViewModel
            {
                Form = form,
                Conflict = $"This {Section.Noun} has been deleted by someone else. Your text is still below: copy it before leaving the page.",
            });
        }

        form.Id = id;
        return await SaveAsync(form, intent, coverUpload, current, cancellationToken);
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> ConfirmDelete(int id, CancellationToken cancellationToken) =>
        await CurrentAsync(id, cancellationToken) is { } current ? View("Delete", current.Form) : NotFound();

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken) =>
        await CurrentAsync(id, cancellationToken) is not null && await articles.DeleteAsync(id, User, cancellationToken)
            ? Redirect($"{Section.AdminPath}?deleted=1")
            : NotFound();

    [HttpGet("{id:int}/revisions")]
    public async Task<IActionResult> Revisions(int id, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(id, cancellationToken) is not { } current)
        {
            return NotFound();
        }

        ViewData["Article"] = current.Form;
        return View("Revisions", await articles.RevisionsAsync(id, cancellationToken));
    }

    [HttpGet("{id:int}/revisions/{revisionId:int}")]
    public async Task<IActionResult> Revision(int id, int revisionId, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(id, cancellationToken);
        var revision = await articles.RevisionAsync(id, revisionId, cancellationToken);
        if (current is null || revision is null)
        {
            return NotFound();
        }

        return View("Revision", new RevisionViewModel(id, current.Value.Form.Version, current.Value.Form.Title, revision, markdown.ToHtml(revision.BodyMarkdown)));
    }

    [HttpPost("{id:int}/revisions/{revisionId:int}/restore")]
    public async Task<IActionResult> Restore(int id, int revisionId, [FromForm] int version, CancellationToken cancellationToken)
    {
        if (await CurrentAsync(id, cancellationToken) is null)
        {
            return NotFound();
        }

        var result = await articles.RestoreAsync(id, revisionId, version, User, cancellationToken);
        if (result.Succeeded)
        {
            return Redirect($"{Section.AdminPath}/{id}?saved=restored");
        }

        var current = await CurrentAsync(id, cancellationToken);
        var revision = await articles.RevisionAsync(id, revisionId, cancellationToken);
        if (current is null || revision is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status409Conflict;
        ViewData["Conflict"] = result.Error;
        return View("Revision", new RevisionViewModel(id, current.Value.Form.Version, current.Value.Form.Title, revision, markdown.ToHtml(revision.BodyMarkdown)));
    }

    private async Task<IActionResult> SaveAsync(
        ArticleForm form,
        string? intent,
        IFormFile? coverUpload,
        (ArticleForm Form, ArticleState State, DateTimeOffset? PublishedAt)? current,
        CancellationToken cancellationToken)
    {
        ArticleEditorViewModel Editor(string? preview = null, string? conflict = null) => new()
        {
            Form = form,
            State = current?.State,
            PublishedAt = current?.PublishedAt,
            PreviewHtml = preview,
            Conflict = conflict,
        };

        await KeepCoverAsync(form, coverUpload, cancellationToken);
        if (string.Equals(intent, "preview", StringComparison.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(form.Slug) && !string.IsNullOrWhiteSpace(form.Title))
            {
                form.Slug = Slugs.From(form.Title);
                ModelState.Remove("Form.Slug");
            }

            return View("Edit", Editor(preview: markdown.ToHtml(form.BodyMarkdown)));
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", Editor());
        }

        var result = await articles.SaveAsync(form, ActionOf(intent), User, cancellationToken);
        if (result.IsConflict)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("Edit", Editor(conflict: result.Error));
        }

        if (!result.Succeeded)
        {
            ModelState.AddErrors(result, prefix: "Form");

            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Edit", Editor());
        }

        // Post/redirect/get: a reload does not save twice.
        return Redirect($"{Section.AdminPath}/{result.Value!.Id}?saved={Uri.EscapeDataString(intent ?? "update")}");
    }

    /// <summary>The editor's form for an article of this section's kind; null when there is none (a page's id under /admin/news is not found).</summary>
    private async Task<(ArticleForm Form, ArticleState State, DateTimeOffset? PublishedAt)?> CurrentAsync(int id, CancellationToken cancellationToken) =>
        await articles.GetFormAsync(id, cancellationToken) is { } current && current.Form.Kind == Section.Kind ? current : null;

    /// <summary>A chosen image is stored even when something else on the form is wrong, so nothing is lost.</summary>
    private async Task KeepCoverAsync(ArticleForm form, IFormFile? coverUpload, CancellationToken cancellationToken)
    {
        if (coverUpload is not { Length: > 0 })
        {
            return;
        }

        await using var stream = coverUpload.OpenReadStream();
        var saved = await covers.SaveAsync(stream, coverUpload.Length, cancellationToken);
        if (!saved.Succeeded)
        {
            ModelState.AddModelError("coverUpload", saved.Error!);
            return;
        }

        form.CoverImage = saved.Value;
        form.RemoveCover = false;
    }

    /// <summary>The editor's buttons: which save the staff member asked for.</summary>
    private static ArticleSaveAction ActionOf(string? intent) => intent switch
    {
        "draft" => ArticleSaveAction.SaveDraft,
        "publish" => ArticleSaveAction.PublishNow,
        "schedule" => ArticleSaveAction.Schedule,
        "unpublish" => ArticleSaveAction.Unpublish,
        _ => ArticleSaveAction.Update,
    };
}
