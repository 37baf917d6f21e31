using AmericanBalintSociety.Web.Features.Membership.Dues;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>How an article or page marked members only is served (ADR 0015).</summary>
public static class MembersOnly
{
    /// <summary>
    /// Whether this request may read the body. The output cache only ever stores anonymous responses (which get the
    /// teaser); a member's full page is marked not to be stored anywhere on the way, nor kept by the browser.
    /// </summary>
    public static async Task<bool> CanReadAsync(MembersOnlyAccess access, Controller controller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(controller);
        var canRead = await access.CanReadAsync(controller.User, cancellationToken);
        controller.ViewData["MembersOnly"] = canRead ? "reader" : "teaser";
        if (canRead)
        {
            Infrastructure.NoStore.Apply(controller.Response);
        }

        return canRead;
    }
}
