using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>The member's profile (replaces Identity's page, which had only a phone number).</summary>
public sealed class IndexModel(UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signInManager, AppDbContext db, AuditLog audit)
    : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public string Email { get; private set; } = "";

    [TempData]
    public string? StatusMessage { get; set; }

    public sealed class ProfileInput
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(ProfileLimits.Name, ErrorMessage = "Your name can be at most {1} characters long.")]
        [Display(Name = "Name")]
        public string Name { get; set; } = "";

        [StringLength(ProfileLimits.ProfessionalRole)]
        [Display(Name = "Professional role")]
        public string? ProfessionalRole { get; set; }

        [StringLength(ProfileLimits.Organization, ErrorMessage = "The organization can be at most {1} characters long.")]
        [Display(Name = "Organization")]
        public string? Organization { get; set; }

        [StringLength(ProfileLimits.Place, ErrorMessage = "The city can be at most {1} characters long.")]
        [Display(Name = "City")]
        public string? City { get; set; }

        [StringLength(ProfileLimits.Place, ErrorMessage = "The state can be at most {1} characters long.")]
        [Display(Name = "State, province or region")]
        public string? State { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        Email = user.Email ?? "";
        Input = new ProfileInput
        {
            Name = user.DisplayName ?? "",
            ProfessionalRole = user.ProfessionalRole,
            Organization = user.Organization,
            City = user.City,
            State = user.State,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        Email = user.Email ?? "";
        if (Input.ProfessionalRole is { Length: > 0 } role && !ProfessionalRoles.All.Contains(role, StringComparer.Ordinal))
        {
            ModelState.AddModelError("Input.ProfessionalRole", "Choose one of the professional roles in the list.");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        user.DisplayName = Input.Name.Trim();
        user.ProfessionalRole = Blank(Input.ProfessionalRole);
        user.Organization = Blank(Input.Organization);
        user.City = Blank(Input.City);
        user.State = Blank(Input.State);
        audit.Record(User, "account.profile-updated", AccountSubjects.For(user.Id));
        var result = await users.UpdateAsync(user); // saves the audit entry with it
        if (!result.Succeeded)
        {
            db.ChangeTracker.Clear();
            ModelState.AddModelError(string.Empty, "Your profile could not be saved. Please try again.");
            return Page();
        }

        await signInManager.RefreshSignInAsync(user);
        StatusMessage = "Your profile has been saved.";
        return RedirectToPage();
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
