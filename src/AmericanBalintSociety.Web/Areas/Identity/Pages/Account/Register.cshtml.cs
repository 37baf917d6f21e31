using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Create an account (replaces Identity's page): name, email, password. The answer is the same "check your inbox"
/// whether or not the address already has an account; its owner gets a mail instead of the form saying so.
/// </summary>
[AllowAnonymous]
public sealed class RegisterModel(
    UserManager<ApplicationUser> users, AppDbContext db, AccountEmails emails, AccountLinks links, AuditLog audit,
    MailingListService mailingList, TimeProvider clock, ILogger<RegisterModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(ProfileLimits.Name, ErrorMessage = "Your name can be at most {1} characters long.")]
        [Display(Name = "Your name")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter a valid email address, like name@example.org.")]
        [StringLength(256, ErrorMessage = "An email address can be at most {1} characters long.")]
        [Display(Name = "Email address")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(PasswordRules.MaximumLength, MinimumLength = PasswordRules.MemberMinimumLength,
            ErrorMessage = "Your password must be between {2} and {1} characters long.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type your password again.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password again")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        public string ConfirmPassword { get; set; } = "";

        [Display(Name = "Also add me to the mailing list")]
        public bool JoinMailingList { get; set; }
    }

    public void OnGet(string? returnUrl = null) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var user = new ApplicationUser
        {
            UserName = email,
            Email = email,
            DisplayName = Input.Name.Trim(),
            CreatedAt = clock.GetUtcNow(),
        };

        // Password rules first, so someone trying an existing address sees the same errors as anyone else.
        foreach (var validator in users.PasswordValidators)
        {
            var checkedPassword = await validator.ValidateAsync(users, user, Input.Password);
            foreach (var error in checkedPassword.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            _ = users.PasswordHasher.HashPassword(existing, Input.Password); // the time a new account's hash takes
            emails.AlreadyRegistered(existing, links.SignIn(Request), links.ForgotPassword(Request));
            await db.SaveChangesAsync();
            logger.LogInformation("Registration with the address of existing account {UserId}: its owner was mailed", existing.Id);
            await JoinMailingListIfAskedAsync(email);
            return RedirectToPage("RegisterConfirmation");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var created = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var result = await users.CreateAsync(user, Input.Password);
            if (!result.Succeeded)
            {
                return result;
            }

            emails.ConfirmAccount(user, await links.ConfirmEmailAsync(Request, user));
            audit.Record(user.Id, email, "account.registered", AccountSubjects.For(user.Id));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return result;
        });

        if (!created.Succeeded)
        {
            db.ChangeTracker.Clear();
            foreach (var error in created.Errors)
            {
                // A duplicate here means another registration for the address won a race: answer as for an existing one.
                if (error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                {
                    await JoinMailingListIfAskedAsync(email);
                    return RedirectToPage("RegisterConfirmation");
                }

                ModelState.AddModelError(string.Empty, error.Description);
            }

            return Page();
        }

        logger.LogInformation("Account {UserId} registered; confirmation mail queued", user.Id);
        await JoinMailingListIfAskedAsync(email);
        return RedirectToPage("RegisterConfirmation");
    }

    /// <summary>
    /// "Also add me to the mailing list": the list's own double opt-in, whatever became of the registration, so the
    /// answer is the same for a new and an existing address.
    /// </summary>
    private async Task JoinMailingListIfAskedAsync(string email)
    {
        if (Input.JoinMailingList && SubscriberAddress.IsValid(email))
        {
            await mailingList.RequestAsync(email, Input.Name, SubscriptionSource.Registration, links.SiteBase(Request), HttpContext.RequestAborted);
        }
    }
}
