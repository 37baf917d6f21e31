using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// "Forgot your password?" (replaces Identity's page): the address goes to <see cref="AccountMailRequests"/> and the answer
/// comes at once, the same and equally fast for every address; unconfirmed accounts can reset too (it confirms them).
/// </summary>
[AllowAnonymous]
public sealed class ForgotPasswordModel(AccountMailRequests queue, AccountLinks links) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public IActionResult OnPost()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        queue.TryEnqueue(new AccountMailRequest(AccountMailKind.PasswordReset, Input.Email.Trim(), links.SiteBase(Request)));
        return RedirectToPage("./ForgotPasswordConfirmation");
    }
}
