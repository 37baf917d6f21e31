using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Sign out (replaces Identity's page, whose LocalRedirect failed with a 500 for a return address off the site, such
/// as <c>//evil.example</c>): only an address on this site is followed; any other goes to the home page. The session is
/// ended on the server (<see cref="SignInSessionStore"/>), so a copy of the old cookie opens nothing.
/// <para>
/// The header's "Sign out" is a link to this page, which asks with one button: a sign-out form in the header would put
/// an antiforgery token, and its encryption, in every page a member reads (docs/performance.md).
/// </para>
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<ApplicationUser> signInManager, ILogger<LogoutModel> logger) : PageModel
{
    /// <summary>Arrived from "Sign out everywhere": every browser of the account is signed out, not just this one.</summary>
    public bool Everywhere { get; private set; }

    /// <summary>Someone is signed in: the page asks to sign out rather than saying it is done.</summary>
    public bool SignedIn { get; private set; }

    public void OnGet(bool everywhere = false)
    {
        Everywhere = everywhere;
        SignedIn = User.Identity?.IsAuthenticated == true;
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
