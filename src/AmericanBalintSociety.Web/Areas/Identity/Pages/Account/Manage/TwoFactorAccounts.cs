using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// What the pages that change a part of two-factor authentication (turning it off, new recovery codes) ask first: the
/// signed-in account, with two-factor on. Identity's own pages answered a 500 otherwise; these send the account to the
/// two-factor page with a message.
/// </summary>
internal static class TwoFactorAccounts
{
    /// <summary>The account, or where to send a visitor who has none (sign in) or no two-factor to change (with <paramref name="notOn"/>).</summary>
    public static async Task<(ApplicationUser? User, IActionResult? Refusal)> WithTwoFactorAsync(
        PageModel page, UserManager<ApplicationUser> users, string notOn)
    {
        var user = await users.GetUserAsync(page.User);
        if (user is null)
        {
            return (null, page.Challenge());
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            page.TempData[nameof(Disable2faModel.StatusMessage)] = notOn;
            return (user, page.RedirectToPage("./TwoFactorAuthentication"));
        }

        return (user, null);
    }
}
