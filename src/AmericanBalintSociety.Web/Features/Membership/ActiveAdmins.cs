using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Admins who can act: in the role and not locked. The site must always keep one.</summary>
public static class ActiveAdmins
{
    public static Task<int> OthersThanAsync(AppDbContext db, string userId, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow();
        return db.UserRoles
            .Where(ur => ur.UserId != userId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Admin))
            .CountAsync(ur => db.Users.Any(u => u.Id == ur.UserId && (u.LockoutEnd == null || u.LockoutEnd <= now)));
    }
}
