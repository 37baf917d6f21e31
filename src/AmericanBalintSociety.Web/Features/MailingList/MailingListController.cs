using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Features.MailingList;

public sealed record SignupViewModel(SignupForm Form, string Issued);

public sealed record ConfirmViewModel(string Token, string? Email);

public sealed record UnsubscribeViewModel(string Token, string? Email, bool Unsubscribed);

/// <summary>
/// "Add Me To Your Mailing List": join with double opt-in, confirm by button (a GET never changes anything, so mail
/// scanners that follow links subscribe nobody), and leave with one click.
/// </summary>
[AllowAnonymous]
[Route("mailing-list")]
public sealed class MailingListController(MailingListService list, SignupFormGuard guard, SiteUrls urls, ILogger<MailingListController> logger) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(new SignupViewModel(new SignupForm(), guard.Issue()));

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.Signup)]
    public async Task<IActionResult> Join([FromForm(Name = "Form")] SignupForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            // The full page, whichever form was used, with the errors next to the fields and the typed values kept.
            return View("Index", new SignupViewModel(form, guard.Issue()));
        }

        if (!guard.LooksHuman(form))
        {
            logger.LogInformation("Mailing-list signup dropped by the bot checks");
            return RedirectToAction(nameof(CheckInbox));
        }

        await list.RequestAsync(form.Email, form.Name, form.Source, urls.Base(Request), cancellationToken);
        return RedirectToAction(nameof(CheckInbox));
    }

    [HttpGet("check-your-inbox")]
    public IActionResult CheckInbox() => View();

    [HttpGet("confirm/{token}")]
    public async Task<IActionResult> Confirm(string token, CancellationToken cancellationToken)
    {
        var subscriber = await list.FindByConfirmationTokenAsync(token, cancellationToken);
        return subscriber is null ? await LinkExpiredAsync(token, cancellationToken) : View(new ConfirmViewModel(token, subscriber.Email));
    }

    [HttpPost("confirm/{token}")]
    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> ConfirmPost(string token, CancellationToken cancellationToken) =>
        await list.ConfirmAsync(token, urls.Base(Request), cancellationToken) ? RedirectToAction(nameof(Subscribed)) : await LinkExpiredAsync(token, cancellationToken);

    [HttpGet("subscribed")]
    public IActionResult Subscribed() => View();

    [HttpGet("unsubscribe/{token}")]
    public async Task<IActionResult> Unsubscribe(string token, CancellationToken cancellationToken)
    {
        var subscriber = await list.FindByUnsubscribeTokenAsync(token, cancellationToken);
        if (subscriber is null)
        {
            return UnknownLink();
        }

        return View(new UnsubscribeViewModel(token, Mask(subscriber.Email), subscriber.Status == SubscriberStatus.Unsubscribed));
    }

    /// <summary>
    /// The one-click address of RFC 8058 (mail providers POST <c>List-Unsubscribe=One-Click</c>, with no cookies and no
    /// antiforgery token) and the target of the page's button. The secret token in the address is what authorises it.
    /// </summary>
    [HttpPost("unsubscribe/{token}")]
    [IgnoreAntiforgeryToken]
    [RequestSizeLimit(16 * 1024)] // a one-click body is one short field; anything larger is refused with 413
    public async Task<IActionResult> UnsubscribePost(string token, CancellationToken cancellationToken)
    {
        var done = await list.UnsubscribeAsync(token, cancellationToken);
        var oneClick = Request.HasFormContentType
            && string.Equals(Request.Form["List-Unsubscribe"], "One-Click", StringComparison.Ordinal);
        if (oneClick)
        {
            return done ? Content("You have been unsubscribed.", "text/plain") : NotFound();
        }

        return done ? RedirectToAction(nameof(Unsubscribe), new { token }) : UnknownLink();
    }

    /// <summary>The page for a used, expired or unknown link, with a form for a new one (the address filled in when known).</summary>
    private async Task<ViewResult> LinkExpiredAsync(string token, CancellationToken cancellationToken) =>
        View("LinkExpired", new SignupViewModel(new SignupForm { Email = await list.AddressOfExpiredLinkAsync(token, cancellationToken) ?? "" }, guard.Issue()));

    /// <summary>"a•••@example.org": enough for the owner to recognise, little for someone the mail was forwarded to.</summary>
    public static string? Mask(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        return email is null || at < 1 ? email : $"{email[0]}•••{email[at..]}";
    }

    private ViewResult UnknownLink()
    {
        Response.StatusCode = StatusCodes.Status404NotFound;
        return View("UnknownLink");
    }
}
