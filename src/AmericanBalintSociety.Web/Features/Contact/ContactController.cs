using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Contact;

public sealed record ContactViewModel(ContactForm Form, string Issued, string? ContactEmail, string? PostalAddress);

/// <summary>
/// <c>/contact</c>: the society's address and a form. Bots get the same answer as people and nothing is stored for
/// them (honeypot, minimum time on the form, the signup's per-IP rate limit).
/// </summary>
[AllowAnonymous]
[Route("contact")]
public sealed class ContactController(
    ContactService contact, SignupFormGuard guard, SiteUrls urls, IOptions<SiteOptions> site, IOptions<MailingListOptions> list,
    ILogger<ContactController> logger) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => View(Model(new ContactForm()));

    [HttpPost("")]
    [EnableRateLimiting(RateLimitPolicies.Signup)]
    public async Task<IActionResult> Send([FromForm(Name = "Form")] ContactForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Index", Model(form));
        }

        if (!guard.LooksHuman(form.Website, form.Issued))
        {
            logger.LogInformation("Contact message dropped by the bot checks");
            return RedirectToAction(nameof(Sent));
        }

        await contact.ReceiveAsync(form, urls.Base(Request), cancellationToken);
        return RedirectToAction(nameof(Sent));
    }

    [HttpGet("sent")]
    public IActionResult Sent() => View();

    private ContactViewModel Model(ContactForm form) =>
        new(form, guard.Issue(), NullIfBlank(site.Value.ContactEmail), NullIfBlank(list.Value.PostalAddress));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
