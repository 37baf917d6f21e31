using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Donations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>"Giving" in My account: the gifts made while signed in, with their receipts.</summary>
[Authorize]
public sealed class GivingModel(GiftReceipt receipts) : PageModel
{
    public IReadOnlyList<Gift> Gifts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Gifts = await receipts.ForDonorAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!, cancellationToken);
}
