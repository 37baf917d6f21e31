using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.News;

public sealed record AdminNewsListViewModel(Paged<AdminArticleRow> Articles, ArticleState? State, string? Query);

public sealed record RevisionViewModel(int ArticleId, int CurrentVersion, string CurrentTitle, ArticleRevision Revision, string Html);

/// <summary>Staff write, schedule, revise and delete articles. Admin and Editor only.</summary>
[Authorize(Policy = Policies.Staff)]
[Route("admin/news")]
public sealed class AdminNewsController(ArticleAdminService articles, CoverImageStore covers, MarkdownRenderer markdown) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ArticleState? state, [FromQuery] string? q, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        return View(new AdminNewsListViewModel(await articles.ListAsync(state, q, page, cancellationToken), state, q));
    }

    [HttpGet("new")]
    public IActionResult New() => View("Edit", new ArticleEditorViewModel());

    [HttpPost("new")]
    public Task<IActionResult> Create([Bind(Prefix = "Form")] ArticleForm form, [FromForm] string? intent, IFormFile? coverUpload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Id = null;
        return SaveAsync(form, intent, coverUpload, null, cancellationToken);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Edit(int id, [FromQuery] string? saved, CancellationToken cancellationToken)
    {
        if (await articles.GetFormAsync(id, cancellationToken) is not { } current)
        {
            return NotFound();
        }

        return View(new ArticleEditorViewModel { Form = current.Form, State = current.State, PublishedAt = current.PublishedAt, Saved = saved });
    }

    [HttpPost("{id:int}")]
    public async Task<IActionResult> Update(int id, [Bind(Prefix = "Form")] ArticleForm form, [FromForm] string? intent, IFormFile? coverUpload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (await articles.GetFormAsync(id, cancellationToken) is not { } current)
        {
            return View("Edit", new ArticleEditorViewModel
            {
                Form = form,
                Conflict = "This article has been deleted by someone else. Your text is still below: copy it before leaving the page.",
            });
        }

        form.Id = id;
        return await SaveAsync(form, intent, coverUpload, current, cancellationToken);
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> ConfirmDelete(int id, CancellationToken cancellationToken) =>
        await articles.GetFormAsync(id, cancellationToken) is { } current ? View("Delete", current.Form) : NotFound();

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken) =>
        await articles.DeleteAsync(id, User, cancellationToken)
            ? RedirectToAction(nameof(Index), new { deleted = 1 })
            : NotFound();

    [HttpGet("{id:int}/revisions")]
    public async Task<IActionResult> Revisions(int id, CancellationToken cancellationToken)
    {
        if (await articles.GetFormAsync(id, cancellationToken) is not { } current)
        {
            return NotFound();
        }

        ViewData["Article"] = current.Form;
        return View(await articles.RevisionsAsync(id, cancellationToken));
    }

    [HttpGet("{id:int}/revisions/{revisionId:int}")]
    public async Task<IActionResult> Revision(int id, int revisionId, CancellationToken cancellationToken)
    {
        var current = await articles.GetFormAsync(id, cancellationToken);
        var revision = await articles.RevisionAsync(id, revisionId, cancellationToken);
        if (current is null || revision is null)
        {
            return NotFound();
        }

        return View(new RevisionViewModel(id, current.Value.Form.Version, current.Value.Form.Title, revision, markdown.ToHtml(revision.BodyMarkdown)));
    }

    [HttpPost("{id:int}/revisions/{revisionId:int}/restore")]
    public async Task<IActionResult> Restore(int id, int revisionId, [FromForm] int version, CancellationToken cancellationToken)
    {
        var result = await articles.RestoreAsync(id, revisionId, version, User, cancellationToken);
        if (result.Succeeded)
        {
            return RedirectToAction(nameof(Edit), new { id, saved = "restored" });
        }

        var current = await articles.GetFormAsync(id, cancellationToken);
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
        return RedirectToAction(nameof(Edit), new { id = result.Value!.Id, saved = intent ?? "update" });
    }

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
