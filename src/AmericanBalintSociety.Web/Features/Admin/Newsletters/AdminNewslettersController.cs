using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Newsletters;

public sealed record NewsletterListViewModel(IReadOnlyList<NewsletterSummary> Newsletters, int ConfirmedSubscribers);

public sealed record ComposeViewModel(int Id, NewsletterForm Form, IReadOnlyList<ArticleChoice> Articles);

public sealed record ConfirmSendViewModel(Newsletter Newsletter, int Recipients, string? Message);

public sealed record NewsletterViewModel(Newsletter Newsletter, NewsletterProgress Progress, int ConfirmedSubscribers, string? Message, bool IsError, string PostalAddress);

/// <summary>
/// Newsletters (Admin and Editor): choose an article or write a message, preview it, send a test to yourself, then send
/// it to every confirmed subscriber, once.
/// </summary>
[Authorize(Policy = Policies.Staff)]
[Route("admin/newsletters")]
public sealed class AdminNewslettersController(
    NewsletterService newsletters, SiteUrls urls, UserManager<ApplicationUser> users,
    Microsoft.Extensions.Options.IOptions<MailingListOptions> options) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new NewsletterListViewModel(await newsletters.ListAsync(cancellationToken), await newsletters.ConfirmedCountAsync(cancellationToken)));

    [HttpGet("new")]
    public async Task<IActionResult> New([FromQuery] int? article, CancellationToken cancellationToken) =>
        View("Compose", new ComposeViewModel(0, new NewsletterForm { ArticleId = article }, await newsletters.ArticleChoicesAsync(cancellationToken)));

    [HttpPost("new")]
    public Task<IActionResult> Create([FromForm(Name = "Form")] NewsletterForm form, CancellationToken cancellationToken) => SaveAsync(0, form, cancellationToken);

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var newsletter = await newsletters.GetAsync(id, cancellationToken);
        if (newsletter is null)
        {
            return NotFound();
        }

        return View(new NewsletterViewModel(newsletter, await newsletters.ProgressAsync(id, cancellationToken),
            await newsletters.ConfirmedCountAsync(cancellationToken), Message, MessageIsError, options.Value.PostalAddress));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var newsletter = await newsletters.GetAsync(id, cancellationToken);
        if (newsletter is null)
        {
            return NotFound();
        }

        if (newsletter.Status != NewsletterStatus.Draft)
        {
            return Redirect($"/admin/newsletters/{id}");
        }

        var form = new NewsletterForm
        {
            Subject = newsletter.Subject,
            ArticleId = newsletter.ArticleId,
            BodyMarkdown = newsletter.BodyMarkdown,
            Version = newsletter.Version,
        };
        return View("Compose", new ComposeViewModel(id, form, await newsletters.ArticleChoicesAsync(cancellationToken)));
    }

    [HttpPost("{id:int}/edit")]
    public Task<IActionResult> Update(int id, [FromForm(Name = "Form")] NewsletterForm form, CancellationToken cancellationToken) => SaveAsync(id, form, cancellationToken);

    [HttpPost("{id:int}/test")]
    public async Task<IActionResult> SendTest(int id, CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null || !await newsletters.SendTestAsync(id, user, cancellationToken))
        {
            return NotFound();
        }

        return Done(id, $"A test copy is on its way to {user.Email}.", isError: false);
    }

    /// <summary>The confirmation step before a send: the subject and the number of recipients, said once more.</summary>
    [HttpGet("{id:int}/send")]
    public async Task<IActionResult> ConfirmSend(int id, CancellationToken cancellationToken)
    {
        var newsletter = await newsletters.GetAsync(id, cancellationToken);
        if (newsletter is null)
        {
            return NotFound();
        }

        return newsletter.Status == NewsletterStatus.Draft
            ? View(new ConfirmSendViewModel(newsletter, await newsletters.ConfirmedCountAsync(cancellationToken), null))
            : Redirect($"/admin/newsletters/{id}");
    }

    /// <summary>
    /// Sends, when the form confirms the number of recipients it showed: a send not made from the confirmation page, or
    /// made after the list changed, shows the page (with the new number) instead.
    /// </summary>
    [HttpPost("{id:int}/send")]
    public async Task<IActionResult> Send(int id, [FromForm] int version, [FromForm] int? recipients, CancellationToken cancellationToken)
    {
        var newsletter = await newsletters.GetAsync(id, cancellationToken);
        if (newsletter is null)
        {
            return NotFound();
        }

        var count = await newsletters.ConfirmedCountAsync(cancellationToken);
        if (newsletter.Status == NewsletterStatus.Draft && recipients != count)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("ConfirmSend", new ConfirmSendViewModel(newsletter, count, recipients is null
                ? null
                : $"The number of confirmed subscribers changed since the page was shown: it is now {count}. Check and send again."));
        }

        var result = await newsletters.StartSendingAsync(id, version, User, cancellationToken);
        return Done(id, result.Succeeded ? result.Message! : result.Error!, !result.Succeeded);
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var newsletter = await newsletters.GetAsync(id, cancellationToken);
        return newsletter is { Status: NewsletterStatus.Draft } ? View(newsletter) : NotFound();
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> DeletePost(int id, CancellationToken cancellationToken)
    {
        if (!await newsletters.DeleteDraftAsync(id, User, cancellationToken))
        {
            return NotFound();
        }

        return Redirect("/admin/newsletters");
    }

    private async Task<IActionResult> SaveAsync(int id, NewsletterForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (ModelState.IsValid)
        {
            var saved = await newsletters.SaveDraftAsync(id, form, User, urls.Base(Request), cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            if (saved.Succeeded)
            {
                return Redirect($"/admin/newsletters/{saved.Value!.Id}");
            }

            ModelState.AddErrors(saved, prefix: "Form");
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Compose", new ComposeViewModel(id, form, await newsletters.ArticleChoicesAsync(cancellationToken)));
    }

    private RedirectResult Done(int id, string message, bool isError)
    {
        Message = message;
        MessageIsError = isError;
        return Redirect($"/admin/newsletters/{id}");
    }
}
