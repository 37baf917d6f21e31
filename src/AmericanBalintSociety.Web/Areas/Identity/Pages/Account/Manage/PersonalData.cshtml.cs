using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>"My data": download it, or delete the account (replaces Identity's page to say what each includes).</summary>
public sealed class PersonalDataModel : PageModel
{
    public void OnGet()
    {
    }
}
