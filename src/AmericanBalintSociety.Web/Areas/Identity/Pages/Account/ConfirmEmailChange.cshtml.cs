using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Confirm a new email address (replaces Identity's page, which changed the address on GET): a button POSTs the change,
/// which also changes the sign-in name, as Identity's did.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signInManager, AppDbContext db, AuditLog audit,
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
        var token = AccountLinks.DecodeToken(Code);
        if (user is null || token is null || string.IsNullOrEmpty(Email))
        {
            Changed = false;
            return Page();
        }

        var oldEmail = user.Email;
        var email = Email;

        // The address is also the sign-in name: both change, with the audit entry, or nothing does.
        var strategy = db.Database.CreateExecutionStrategy();
        var succeeded = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var changed = await users.ChangeEmailAsync(user, email, token);
            var renamed = changed.Succeeded ? await users.SetUserNameAsync(user, email) : changed;
            if (!renamed.Succeeded)
            {
                logger.LogInformation("Account {UserId}: email change refused: {Errors}", user.Id, string.Join("; ", renamed.Errors.Select(e => e.Code)));
                return false;
            }

            audit.Record(user.Id, email, "account.email-changed", AccountSubjects.For(user.Id), $"from {oldEmail}");
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return true;
        });

        if (!succeeded)
        {
            db.ChangeTracker.Clear();
            Changed = false;
            return Page();
        }
        if (signInManager.IsSignedIn(User) && users.GetUserId(User) == user.Id)
        {
            await signInManager.RefreshSignInAsync(user);
        }

        logger.LogInformation("Account {UserId} changed its email address", user.Id);
        Changed = true;
        return Page();
    }
}
