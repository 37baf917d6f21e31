using System.Text;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Subscribers;

public sealed record SubscriberListViewModel(Paged<SubscriberRow> Subscribers, SubscriberCounts Counts, string? Query, SubscriberStatus? Status, string? Message);

public sealed record ImportUploadViewModel(string? Error);

public sealed record ImportMapViewModel(ImportPreview Preview, ImportMapping Mapping, string? Error);

/// <summary>
/// Subscribers (Admin only: the list is personal data): find and count, export as CSV, remove (erase, keep the hash),
/// import a CSV from the old site.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/subscribers")]
public sealed class AdminSubscribersController(SubscriberAdministration subscribers, SubscriberImporter importer, TimeProvider clock) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? q, [FromQuery] SubscriberStatus? status, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        if (status == SubscriberStatus.Removed)
        {
            status = null;
        }

        var list = await subscribers.SearchAsync(q, status, page, cancellationToken);
        if (list.IsOutOfRange)
        {
            return NotFound();
        }

        return View(new SubscriberListViewModel(list, await subscribers.CountsAsync(cancellationToken),
            string.IsNullOrWhiteSpace(q) ? null : q.Trim(), status, Message));
    }

    /// <summary>The list (as filtered) as CSV. A download of personal data, so it is audited and never cached.</summary>
    [HttpGet("export.csv")]
    public async Task Export([FromQuery] string? q, [FromQuery] SubscriberStatus? status, CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentDisposition = $"attachment; filename=\"subscribers-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await subscribers.ExportAsync(writer, q, status == SubscriberStatus.Removed ? null : status, User, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    [HttpGet("{id:int}/remove")]
    public async Task<IActionResult> Remove(int id, CancellationToken cancellationToken)
    {
        var subscriber = await subscribers.GetAsync(id, cancellationToken);
        return subscriber is null ? NotFound() : View(subscriber);
    }

    [HttpPost("{id:int}/remove")]
    public async Task<IActionResult> RemovePost(int id, CancellationToken cancellationToken)
    {
        if (!await subscribers.RemoveAsync(id, User, cancellationToken))
        {
            return NotFound();
        }

        Message = "The subscriber was removed: their address and name are erased, and no import can add the address again.";
        return Redirect("/admin/subscribers");
    }

    [HttpGet("import")]
    public IActionResult Import() => View(new ImportUploadViewModel(null));

    [HttpPost("import")]
    [RequestSizeLimit(SubscriberImporter.MaximumFileBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = SubscriberImporter.MaximumFileBytes + 64 * 1024)]
    public async Task<IActionResult> Upload(IFormFile? file, CancellationToken cancellationToken)
    {
        var uploaded = await importer.UploadAsync(file, User, cancellationToken);
        return uploaded.Succeeded ? Redirect($"/admin/subscribers/import/{uploaded.Value}") : View("Import", new ImportUploadViewModel(uploaded.Error));
    }

    [HttpGet("import/{id:guid}")]
    public async Task<IActionResult> Map(Guid id, CancellationToken cancellationToken)
    {
        var preview = await importer.PreviewAsync(id, cancellationToken);
        return preview is null ? NotFound() : View(new ImportMapViewModel(preview, preview.Guess, null));
    }

    [HttpPost("import/{id:guid}")]
    public async Task<IActionResult> Run(Guid id, ImportMapping mapping, CancellationToken cancellationToken)
    {
        var imported = await importer.ImportAsync(id, mapping, User, cancellationToken);
        if (!imported.Succeeded)
        {
            var preview = await importer.PreviewAsync(id, cancellationToken);
            return preview is null ? NotFound() : View("Map", new ImportMapViewModel(preview, mapping, imported.Error));
        }

        // Post, redirect, get: the page then shows the stored report, and a reload does not import again.
        return Redirect($"/admin/subscribers/import/{id}");
    }
}
