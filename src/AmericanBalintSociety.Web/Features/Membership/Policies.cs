using Microsoft.AspNetCore.Authorization;

namespace AmericanBalintSociety.Web.Features.Membership;

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
