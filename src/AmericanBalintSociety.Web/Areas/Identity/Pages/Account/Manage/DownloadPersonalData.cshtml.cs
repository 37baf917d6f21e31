using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>The download itself (POST only, so a link cannot trigger it): every feature's part, as one JSON file.</summary>
public sealed class DownloadPersonalDataModel(UserManager<ApplicationUser> users, PersonalDataExport export, ILogger<DownloadPersonalDataModel> logger)
    : PageModel
{
    public IActionResult OnGet() => RedirectToPage("PersonalData");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        var json = await export.ExportAsync(user, cancellationToken);
        logger.LogInformation("Account {UserId} downloaded its personal data", user.Id);
        Response.Headers.CacheControl = "no-store";
        return File(json, "application/json", "american-balint-society-my-data.json");
    }
}
