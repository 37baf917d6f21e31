using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Decides both staff requirements from the account as stored, not from the cookie's claims: a role taken away,
/// an account locked or two-factor switched off takes effect on the next request to a staff page.
/// </summary>
public sealed class StaffAccessHandler(
    UserManager<ApplicationUser> users, SignInManager<ApplicationUser> signInManager, IOptionsMonitor<SecurityOptions> options, TimeProvider clock)
    : IAuthorizationHandler
{
    public async Task HandleAsync(AuthorizationHandlerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pending = context.PendingRequirements.ToList();
        if (!pending.Any(r => r is StaffRoleRequirement or StaffTwoFactorRequirement))
        {
            return;
        }

        var user = context.User.Identity?.IsAuthenticated == true ? await users.GetUserAsync(context.User) : null;
        if (user is null || (user.LockoutEnd is { } end && end > clock.GetUtcNow()))
        {
            context.Fail(new AuthorizationFailureReason(this, "The account no longer exists or is locked."));
            return;
        }

        var roles = await users.GetRolesAsync(user);
        foreach (var requirement in pending)
        {
            switch (requirement)
            {
                case StaffRoleRequirement role when role.Roles.Any(roles.Contains):
                    context.Succeed(requirement);
                    break;
                case StaffTwoFactorRequirement when !options.CurrentValue.RequireTwoFactorForStaff || await PassedSecondFactorAsync(context.User, user):
                    context.Succeed(requirement);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>Identity marks a sign-in that took a second factor with <c>amr=mfa</c>; a remembered device was earned by one.</summary>
    private async Task<bool> PassedSecondFactorAsync(System.Security.Claims.ClaimsPrincipal principal, ApplicationUser user) =>
        user.TwoFactorEnabled
        && (principal.HasClaim("amr", "mfa") || await signInManager.IsTwoFactorClientRememberedAsync(user));
}
