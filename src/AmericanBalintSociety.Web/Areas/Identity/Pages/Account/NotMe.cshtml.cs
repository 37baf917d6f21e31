using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account;

/// <summary>
/// "This wasn't me", from a security notice: the page says what securing the account does, and its button does it
/// (<see cref="AccountLockdown"/>). A GET changes nothing, so a mail scanner opening the link secures nothing.
/// </summary>
[AllowAnonymous]
public sealed class NotMeModel(
    AccountSecurityNotices notices, AccountLockdown lockdown, AccountLinks links, SignInManager<ApplicationUser> signIn, SecurityEventLog events) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    public NotMeReport? Report { get; private set; }

    /// <summary>After the button: the address the new-password link went to.</summary>
    public string? SecuredAddress { get; private set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
        Report = Read();
        Problem = Report is null ? AccountLockdown.BrokenLink : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Report = Read();
        var secured = await lockdown.SecureAsync(Report, links.SiteBase(Request), cancellationToken);
        if (!secured.Succeeded)
        {
            Problem = secured.Message;
            return Page();
        }

        // This browser's session was ended with the others; its cookie goes too.
        await signIn.SignOutAsync();
        SecuredAddress = secured.Value;
        return Page();
    }

    private NotMeReport? Read()
    {
        var report = notices.Read(Code);
        if (report is null && !string.IsNullOrEmpty(Code))
        {
            events.Write(HttpContext, SecurityEvent.UndecryptableToken, "a \"This wasn't me\" link that cannot be decrypted, or is over a week old");
        }

        return report;
    }
}
