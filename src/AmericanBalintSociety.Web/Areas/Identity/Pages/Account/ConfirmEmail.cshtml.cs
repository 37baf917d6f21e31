using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Confirm an email address (replaces Identity's page, which confirmed on GET): the link opens a page with a button,
/// and only the POST confirms, so mail scanners that follow links cannot confirm an address for someone else.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<ApplicationUser> users, AuditLog audit, ILogger<ConfirmEmailModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    /// <summary>Where the person was going when they registered (a local path), for the "Sign in" link.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? SignInReturnUrl => AccountLinks.IsLocalPath(ReturnUrl) ? ReturnUrl : null;

    public bool? Confirmed { get; private set; }

    public IActionResult OnGet() => string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Code) ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        var token = AccountLinks.DecodeToken(Code);
        if (user is null || token is null)
        {
            Confirmed = false;
            return Page();
        }

        if (user.EmailConfirmed)
        {
            Confirmed = true;
            return Page();
        }

        var result = await users.ConfirmEmailAsync(user, token);
        Confirmed = result.Succeeded;
        if (result.Succeeded)
        {
            audit.Record(user.Id, user.Email ?? user.Id, "account.email-confirmed", AccountSubjects.For(user.Id));
            await users.UpdateAsync(user);
            logger.LogInformation("Account {UserId} confirmed its email address", user.Id);
        }

        return Page();
    }
}
