using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// "Mailing list" on My account: the member's list status for their account's address, and a button to join or leave.
/// Joining here needs no confirmation mail: the account's address is already confirmed.
/// </summary>
[Authorize]
public sealed class MailingListModel(UserManager<ApplicationUser> users, MailingListService list, SiteUrls urls) : PageModel
{
    public ListMembership Membership { get; private set; } = new(null, null);

    public string Email { get; private set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user?.Email is null)
        {
            return Challenge();
        }

        Email = user.Email;
        Membership = await list.StatusAsync(user.Email, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostJoinAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user?.Email is null)
        {
            return Challenge();
        }

        StatusMessage = await list.JoinAsMemberAsync(user.Email, user.DisplayName, urls.Base(Request), cancellationToken)
            ? "You are on the mailing list."
            : "Error: your subscription changed at the same moment. Please look below and try again.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostLeaveAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user?.Email is null)
        {
            return Challenge();
        }

        await list.LeaveAsMemberAsync(user.Email, cancellationToken);
        StatusMessage = "You have left the mailing list. You will get no more of its mail.";
        return RedirectToPage();
    }
}
