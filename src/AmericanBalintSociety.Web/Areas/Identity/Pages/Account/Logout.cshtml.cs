using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sign out (replaces Identity's page, whose LocalRedirect failed with a 500 for a return address off the site, such
/// as <c>//evil.example</c>): only an address on this site is followed; any other goes to the home page.
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ApplicationUser> signInManager, ILogger<LogoutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        await signInManager.SignOutAsync();
        logger.LogInformation("Signed out");
        if (returnUrl is null)
        {
            return RedirectToPage();
        }

        return Url.IsLocalUrl(returnUrl) ? LocalRedirect(returnUrl) : LocalRedirect("/");
    }
}
