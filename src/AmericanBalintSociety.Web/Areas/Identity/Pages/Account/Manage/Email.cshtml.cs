using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Change the email address (replaces Identity's page, which asked for no password and built its link from the request):
/// the current password is asked again, and the link that makes the change goes to the new address. When it is opened,
/// the old address is told, with a "This wasn't me" link (<see cref="EmailAddressChange"/>).
/// </summary>
[Authorize]
public sealed class EmailModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, AccountLinks links, AccountEmails emails,
    AuditLog audit, AppDbContext db, ILogger<EmailModel> logger) : PageModel
{
    public string CurrentEmail { get; private set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter the new email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.org.")]
        [StringLength(256)]
        [Display(Name = "New email address")]
        public string NewEmail { get; set; } = "";

        [Required(ErrorMessage = "Enter your current password.")]
        [StringLength(PasswordRules.MaximumLength)]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string CurrentPassword { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? "";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        CurrentEmail = user.Email ?? "";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var newEmail = Input.NewEmail.Trim();
        if (string.Equals(newEmail, CurrentEmail, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.NewEmail", "That is already your address.");
            return Page();
        }

        if (await signIn.RefusalAsync(user, Input.CurrentPassword) is { } refusal)
        {
            ModelState.AddModelError("Input.CurrentPassword", refusal);
            return Page();
        }

        emails.ConfirmNewAddress(user, newEmail, await links.ConfirmEmailChangeAsync(links.SiteBase(Request), user, newEmail));
        audit.Record(User, "account.email-change-asked", AccountSubjects.For(user.Id), $"to {newEmail}");
        await db.SaveChangesAsync(cancellationToken); // the mail and its audit entry together
        logger.LogInformation("Account {UserId} asked to change its email address", user.Id);
        StatusMessage = $"A link to confirm {newEmail} is on its way there. Until you open it, your address stays {CurrentEmail}.";
        return RedirectToPage();
    }
}
