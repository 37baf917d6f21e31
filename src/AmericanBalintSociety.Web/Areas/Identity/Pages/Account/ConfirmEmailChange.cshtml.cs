using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Confirm a new email address (replaces Identity's page, which changed the address on GET): a button POSTs the change,
/// which also changes the sign-in name, as Identity's did.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signInManager, EmailAddressChange emailChange, AccountLinks links) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public bool? Changed { get; private set; }

    public IActionResult OnGet() =>
        string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Code) ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var changed = await emailChange.ConfirmAsync(UserId, Email, Code, links.SiteBase(Request), HttpContext.RequestAborted);
        Changed = changed.Succeeded;
        if (changed.Value is { } user && signInManager.IsSignedIn(User) && users.GetUserId(User) == user.Id)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        return Page();
    }
}
