using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Identity's sign-in claims, plus the member's name (<see cref="DisplayNameClaim"/>), so every page can say who is
/// signed in without a database read. A profile change refreshes the sign-in, and with it the claim.
/// </summary>
public sealed class SiteClaimsPrincipalFactory(UserManager<ApplicationUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ApplicationUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "abs:name";

    /// <summary>Who is signed in, as the header says it: the name, or the address when there is none.</summary>
    public static string? WhoIs(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirst(DisplayNameClaim)?.Value is { Length: > 0 } name ? name : user.Identity?.Name;
    }

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrWhiteSpace(user.DisplayName))
        {
            identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName.Trim()));
        }

        return identity;
    }
}
