using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Navigation;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Menu;

/// <summary>Staff arrange the site menu (<c>/admin/menu</c>): which sections and pages it shows, their labels and order.</summary>
[Authorize(Policy = Policies.Staff)]
[Route("admin/menu")]
public sealed class AdminMenuController(SiteMenu menu) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] bool saved = false, CancellationToken cancellationToken = default)
    {
        ViewData["Saved"] = saved;
        return View(await menu.EditorAsync(cancellationToken));
    }

    [HttpPost("")]
    public async Task<IActionResult> Save(MenuForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (ModelState.IsValid)
        {
            var result = await menu.SaveAsync(form, User, cancellationToken);
            if (result.Succeeded)
            {
                return Redirect("/admin/menu?saved=true");
            }

            ModelState.AddErrors(result);
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        await menu.DescribeAsync(form, cancellationToken);
        return View("Index", form);
    }
}
