using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Membership.Directory;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>"Directory listing" in My account: opt in to the members' directory and choose what it shows.</summary>
[Authorize]
public sealed class DirectoryModel(MemberDirectory directory) : PageModel
{
    [BindProperty]
    public DirectoryForm Input { get; set; } = new();

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Input = await directory.FormAsync(UserId, cancellationToken);

    [EnableRateLimiting(RateLimitPolicies.Forms)]
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var saved = await directory.SaveAsync(UserId, User.Identity?.Name ?? UserId, Input, cancellationToken);
        if (!saved.Succeeded)
        {
            ModelState.AddErrors(saved, prefix: "Input");
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        StatusMessage = saved.Message;
        return RedirectToPage();
    }

    private string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;
}
