using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// Create an account (replaces Identity's page): name, email, password. The answer is the same "check your inbox"
/// whether or not the address already has an account; its owner gets a mail instead of the form saying so.
/// </summary>
[AllowAnonymous]
public sealed class RegisterModel(AccountRegistration registration) : PageModel
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

        var result = await registration.RegisterAsync(
            new RegistrationRequest(Input.Name, Input.Email, Input.Password, Input.JoinMailingList, ReturnUrl), Request, HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            ModelState.AddErrors(result, prefix: "Input");
            return Page();
        }

        return RedirectToPage("RegisterConfirmation");
    }
}
