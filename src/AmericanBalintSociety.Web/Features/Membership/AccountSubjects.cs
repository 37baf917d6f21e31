namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>How account events are named in the audit log.</summary>
public static class AccountSubjects
{
    public const string DeletedActor = "deleted account";

    public static string For(string userId) => $"user:{userId}";
}
