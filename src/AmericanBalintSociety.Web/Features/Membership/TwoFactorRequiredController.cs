using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Where staff without two-factor authentication land when they open a staff page.</summary>
[Authorize]
public sealed class TwoFactorRequiredController : Controller
{
    [HttpGet(StaffAuthorizationResultHandler.TwoFactorRequiredPath)]
    public IActionResult Index(string? returnUrl)
    {
        ViewData["ReturnUrl"] = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/admin";
        return View("TwoFactorRequired");
    }
}
