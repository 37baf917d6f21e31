using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>Delete my account, with the password asked again (replaces Identity's page: erases every feature's data).</summary>
public sealed class DeletePersonalDataModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signInManager, AccountDeletion deletion) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your password to confirm.")]
        [DataType(DataType.Password)]
        [Display(Name = "Your password")]
        public string Password { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        // Through the sign-in manager: wrong passwords here count towards the lockout and are logged, like at sign-in.
        var check = await signInManager.CheckPasswordSignInAsync(user, Input.Password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            ModelState.AddModelError("Input.Password", "That is not your password.");
            return Page();
        }

        var result = await deletion.DeleteAsync(user, cancellationToken);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result);

            return Page();
        }

        await signInManager.SignOutAsync();
        return RedirectToPage("/Account/AccountDeleted", new { area = "Identity" });
    }
}
