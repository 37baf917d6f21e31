using Microsoft.AspNetCore.Authorization;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The account holds one of the roles now (read from the database, so a role taken away counts at once).</summary>
public sealed class StaffRoleRequirement(params string[] roles) : IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;
}
