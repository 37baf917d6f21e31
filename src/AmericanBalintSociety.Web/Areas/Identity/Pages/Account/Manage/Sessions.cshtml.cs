using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;

/// <summary>"Where you're signed in": the account's signed-in browsers, and "Sign out everywhere".</summary>
[Authorize]
public sealed class SessionsModel(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signIn, SignInSessions sessions, AppDbContext db,
    AuditLog audit, ILogger<SessionsModel> logger) : PageModel
{
    public IReadOnlyList<SignInSessionSummary> Sessions { get; private set; } = [];

    /// <summary>This request's own session, marked "this browser" in the list.</summary>
    public string? CurrentSessionId { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var userId = users.GetUserId(User);
        if (userId is null)
        {
            return Challenge();
        }

        Sessions = await sessions.ListAsync(userId, cancellationToken);
        CurrentSessionId = HttpContext.Items[SignInSessionStore.CurrentSessionItem] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostEndAllAsync(CancellationToken cancellationToken)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var ended = await sessions.EndAllAsync(user, cancellationToken);
        audit.Record(User, "account.signed-out-everywhere", AccountSubjects.For(user.Id), $"{ended} session(s)");
        await db.SaveChangesAsync(cancellationToken);
        await signIn.SignOutAsync();
        logger.LogInformation("Account {UserId} signed out everywhere ({Count} sessions)", user.Id, ended);
        return RedirectToPage("/Account/Logout", new { area = "Identity", everywhere = true });
    }
}
