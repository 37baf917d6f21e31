using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Where staff without two-factor authentication land when they open a staff page.</summary>
[Authorize]
public sealed class TwoFactorRequiredController(UserManager<ApplicationUser> users) : Controller
{
    [HttpGet(StaffAuthorizationResultHandler.TwoFactorRequiredPath)]
    public async Task<IActionResult> Index(string? returnUrl)
    {
        ViewData["ReturnUrl"] = Url.LocalOr(returnUrl, "/admin");

        // Set up already, but this session signed in with the password alone (before set-up): sign in again.
        ViewData["AlreadySetUp"] = (await users.GetUserAsync(User))?.TwoFactorEnabled == true;
        return View("TwoFactorRequired");
    }
}
