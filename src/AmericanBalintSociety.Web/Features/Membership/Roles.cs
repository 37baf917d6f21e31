namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The roles the site knows. Created at start if missing.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Editor = "Editor";

    /// <summary>Admin or Editor: may use <c>/admin</c>.</summary>
    public const string Staff = Admin + "," + Editor;

    public static IReadOnlyList<string> All { get; } = [Admin, Editor];
}
