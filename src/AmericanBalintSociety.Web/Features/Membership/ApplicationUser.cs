using Microsoft.AspNetCore.Identity;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>A member's account. Staff are members with the <see cref="Roles.Admin"/> or <see cref="Roles.Editor"/> role.</summary>
public class ApplicationUser : IdentityUser
{
    /// <summary>The member's name as they want it shown and used in mail.</summary>
    [PersonalData]
    public string? DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The roles the site knows. Created at start if missing.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";

    /// <summary>Admin or Editor: may use <c>/admin</c>.</summary>
    public const string Staff = Admin + "," + Editor;

    public static IReadOnlyList<string> All { get; } = [Admin, Editor];
}
