using AmericanBalintSociety.Web.Features.Contact;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Messages;

public sealed record MessageListViewModel(Paged<ContactMessageRow> Messages, ContactMessageStatus Status, ContactCounts Counts);

/// <summary>
/// The contact form's messages (<c>/admin/messages</c>). Admins only: they hold visitors' addresses and whatever they
/// chose to tell the society, which the Editor's work (news and pages) does not need.
/// </summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/messages")]
public sealed class AdminMessagesController(ContactInbox inbox) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] ContactMessageStatus status = ContactMessageStatus.New, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 100_000);
        return View(new MessageListViewModel(await inbox.ListAsync(status, page, cancellationToken), status, await inbox.CountsAsync(cancellationToken)));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken) =>
        await inbox.FindAsync(id, cancellationToken) is { } message ? View(message) : NotFound();

    [HttpPost("{id:int}/mark")]
    public async Task<IActionResult> Mark(int id, [FromForm] ContactMessageStatus status, CancellationToken cancellationToken) =>
        await inbox.MarkAsync(id, status, User, cancellationToken) ? Redirect($"/admin/messages/{id}?marked={status}") : NotFound();

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> ConfirmDelete(int id, CancellationToken cancellationToken) =>
        await inbox.FindAsync(id, cancellationToken) is { } message ? View("Delete", message) : NotFound();

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken) =>
        await inbox.DeleteAsync(id, User, cancellationToken) ? Redirect("/admin/messages?deleted=1") : NotFound();
}
