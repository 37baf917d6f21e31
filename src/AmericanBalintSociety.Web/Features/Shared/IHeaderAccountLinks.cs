namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// The header's account links for a signed-in user (who they are, the staff pages for staff, their account, sign out).
/// Accounts provide them; the layout writes them on every page, and a page shell (<see cref="PageShells"/>) writes them
/// into its hole for each reader, so their markup lives in one place.
/// </summary>
public interface IHeaderAccountLinks
{
    /// <summary>The links' list items for the request's signed-in user, HTML-encoded.</summary>
    string For(HttpContext context);
}
