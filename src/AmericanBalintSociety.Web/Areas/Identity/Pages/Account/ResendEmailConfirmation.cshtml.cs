using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>Ask for another confirmation mail (replaces Identity's page): the same answer, at once, for every address.</summary>
[AllowAnonymous]
public sealed class ResendEmailConfirmationModel(AccountMailRequests queue, AccountLinks links) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        queue.TryEnqueue(new AccountMailRequest(AccountMailKind.Confirmation, Input.Email.Trim(), links.SiteBase(Request)));
        Sent = true;
        return Page();
    }
}
