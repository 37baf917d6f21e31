using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Mail;

public sealed record MailListViewModel(MailCounts Counts, OutboxStatus Status, Paged<MailRow> Mails, string? Message, bool IsError);

public sealed record MailViewModel(MailRow Mail, string? Text, string? Message, bool IsError);

/// <summary>The outbox for Admins (issue 18): counts, the waiting and failed mails, retry now and cancel.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/mail")]
public sealed class AdminMailController(MailAdministration mail) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] OutboxStatus? status, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        NoStore.Apply(Response);
        var shown = status is OutboxStatus.Pending ? OutboxStatus.Pending : OutboxStatus.Failed;
        var list = await mail.ListAsync(shown, Math.Clamp(page, 1, 100_000), cancellationToken);
        if (list.IsOutOfRange)
        {
            return NotFound();
        }

        return View(new MailListViewModel(await mail.CountsAsync(cancellationToken), shown, list, Message, MessageIsError));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Details(Guid id, CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        var row = await mail.FindAsync(id, cancellationToken);
        return row is null ? NotFound() : View(new MailViewModel(row, row.BodyHidden ? null : await mail.TextOfAsync(id, cancellationToken), Message, MessageIsError));
    }

    [HttpPost("{id:guid}/retry")]
    public async Task<IActionResult> Retry([FromRoute] Guid id, [FromForm] string? back, CancellationToken cancellationToken) =>
        Done(await mail.RetryAsync(id, User, cancellationToken), back);

    [HttpPost("{id:guid}/cancel")]
    public async Task<IActionResult> Cancel([FromRoute] Guid id, [FromForm] string? back, CancellationToken cancellationToken) =>
        Done(await mail.CancelAsync(id, User, cancellationToken), back);

    [HttpPost("failed/retry")]
    public async Task<IActionResult> RetryAll(CancellationToken cancellationToken) => Done(await mail.RetryAllFailedAsync(User, cancellationToken), null);

    [HttpPost("failed/cancel")]
    public async Task<IActionResult> CancelAll(CancellationToken cancellationToken) => Done(await mail.CancelAllFailedAsync(User, cancellationToken), null);

    private RedirectResult Done(Result result, string? back)
    {
        Message = result.Succeeded ? result.Message : result.Error;
        MessageIsError = !result.Succeeded;
        return Redirect(back is "pending" ? "/admin/mail?status=Pending" : "/admin/mail");
    }
}
