using System.Text.Encodings.Web;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The header's account links (<see cref="IHeaderAccountLinks"/>): the name the account gives, and the staff link for staff.</summary>
public sealed class HeaderAccountLinks : IHeaderAccountLinks
{
    public string For(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        var who = HtmlEncoder.Default.Encode(SiteClaimsPrincipalFactory.WhoIs(user) ?? "");
        var staff = user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor);
        return string.Concat(
            "<li class=\"account-who\">Signed in as <strong>", who, "</strong></li>",
            staff ? "<li><a href=\"/admin\">Admin</a></li>" : "",
            "<li><a href=\"/Identity/Account/Manage\">My account</a></li>",
            "<li><a href=\"/Identity/Account/Logout\">Sign out</a></li>");
    }
}
