using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Confirm a new email address (replaces Identity's page, which changed the address on GET): a button POSTs the change,
/// which also changes the sign-in name, as Identity's did.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signInManager, AuditLog audit,
    ILogger<ConfirmEmailChangeModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Email { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public bool? Changed { get; private set; }

    public IActionResult OnGet() =>
        string.IsNullOrEmpty(UserId) || string.IsNullOrEmpty(Email) || string.IsNullOrEmpty(Code) ? Redirect("/") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);
        var token = ConfirmEmailModel.Decode(Code);
        if (user is null || token is null || string.IsNullOrEmpty(Email))
        {
            Changed = false;
            return Page();
        }

        var oldEmail = user.Email;
        var changed = await users.ChangeEmailAsync(user, Email, token);
        if (!changed.Succeeded)
        {
            Changed = false;
            return Page();
        }

        // The address is also the sign-in name.
        var renamed = await users.SetUserNameAsync(user, Email);
        if (!renamed.Succeeded)
        {
            logger.LogError("Account {UserId}: email changed but the user name could not follow: {Errors}",
                user.Id, string.Join("; ", renamed.Errors.Select(e => e.Code)));
        }

        audit.Record(user.Id, Email, "account.email-changed", AccountSubjects.For(user.Id), $"from {oldEmail}");
        await users.UpdateAsync(user);
        if (signInManager.IsSignedIn(User) && users.GetUserId(User) == user.Id)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        logger.LogInformation("Account {UserId} changed its email address", user.Id);
        Changed = true;
        return Page();
    }
}
