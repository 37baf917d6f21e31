using AmericanBalintSociety.Web.Features.Membership.Levels;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Membership.Join;

/// <summary>The levels offered on the membership page, or none yet (membership opens soon).</summary>
public sealed record MembershipPageModel(IReadOnlyList<MembershipLevel> Levels);

/// <summary><c>/membership</c>: what membership supports, the levels with their dues, and (until joining online is built) the mailing list.</summary>
public sealed class MembershipController(MembershipLevels levels) : Controller
{
    [HttpGet("/membership")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new MembershipPageModel(await levels.JoinableAsync(cancellationToken)));
}
