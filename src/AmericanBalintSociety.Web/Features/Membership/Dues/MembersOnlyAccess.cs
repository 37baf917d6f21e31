using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// Who reads members-only articles and pages (issue 16): a signed-in account whose membership is current (active or in
/// grace, paid or granted), and the staff who write and edit them. Asked once per request (a scoped service).
/// </summary>
public sealed class MembersOnlyAccess(AppDbContext db, TimeProvider clock, IOptions<MembershipOptions> options)
{
    private readonly Dictionary<string, bool> _answers = new(StringComparer.Ordinal);

    public async Task<bool> CanReadAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return false;
        }

        if (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Editor))
        {
            return true;
        }

        if (_answers.TryGetValue(userId, out var known))
        {
            return known;
        }

        var membership = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { m.Kind, m.PaidThrough }).FirstOrDefaultAsync(cancellationToken);
        var current = membership is not null
            && MembershipState.IsCurrent(MembershipState.Of(membership.Kind, membership.PaidThrough, clock.GetUtcNow(), options.Value.GracePeriod));
        _answers[userId] = current;
        return current;
    }
}
