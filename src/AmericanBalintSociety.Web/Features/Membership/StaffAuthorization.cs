using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Settings under <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Staff must have two-factor authentication on before they can use <c>/admin</c>.</summary>
    public bool RequireTwoFactorForStaff { get; set; } = true;

    /// <summary>How often a signed-in session is checked against the account (roles, lock, password change).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan SessionValidationInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>The authorization policies of the staff pages.</summary>
public static class Policies
{
    /// <summary>Admin or Editor (and two-factor authentication, unless switched off).</summary>
    public const string Staff = "Staff";

    /// <summary>Admin only (and two-factor authentication, unless switched off).</summary>
    public const string Admin = "Admin";

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(Staff, policy => policy.RequireAuthenticatedUser()
            .AddRequirements(new StaffRoleRequirement(Roles.Admin, Roles.Editor), new StaffTwoFactorRequirement()));
        options.AddPolicy(Admin, policy => policy.RequireAuthenticatedUser()
            .AddRequirements(new StaffRoleRequirement(Roles.Admin), new StaffTwoFactorRequirement()));
    }
}

/// <summary>The account holds one of the roles now (read from the database, so a role taken away counts at once).</summary>
public sealed class StaffRoleRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}

/// <summary>
/// The account has two-factor authentication on and this session passed it (signed in with a code, or from a device
/// remembered after one), when <see cref="SecurityOptions.RequireTwoFactorForStaff"/>.
/// </summary>
public sealed class StaffTwoFactorRequirement : IAuthorizationRequirement;

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

/// <summary>
/// Staff who lack only two-factor authentication are sent to a page that says so and leads to the set-up,
/// instead of a bare "not allowed".
/// </summary>
public sealed class StaffAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string TwoFactorRequiredPath = "/account/two-factor-required";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList();
        if (authorizeResult.Forbidden && failed is { Count: > 0 } && failed.All(r => r is StaffTwoFactorRequirement))
        {
            var returnUrl = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{TwoFactorRequiredPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return Task.CompletedTask;
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
