using System.Security.Claims;
using System.Text.Encodings.Web;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// The header's account links for a signed-in user: who they are, the staff pages for staff, their account, sign out.
/// Written here, not in the layout, because a page kept as a shell (<see cref="Shared.PageShells"/>) fills them in
/// per request without running the layout; the layout writes the same.
/// </summary>
public static class HeaderAccountLinks
{
    /// <summary><see cref="SignedIn"/> for the request's user: what a page shell's hole is filled with.</summary>
    public static string For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SignedIn(context.User);
    }

    /// <summary>The list items, HTML-encoded.</summary>
    public static string SignedIn(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var who = HtmlEncoder.Default.Encode(SiteClaimsPrincipalFactory.WhoIs(user) ?? "");
        var staff = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor);
        return string.Concat(
            "<li class=\"account-who\">Signed in as <strong>", who, "</strong></li>",
            staff ? "<li><a href=\"/admin\">Admin</a></li>" : "",
            "<li><a href=\"/Identity/Account/Manage\">My account</a></li>",
            "<li><a href=\"/Identity/Account/Logout\">Sign out</a></li>");
    }
}
