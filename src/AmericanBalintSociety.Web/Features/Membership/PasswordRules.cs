namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>The password rules (NIST SP 800-63B): length, not composition; no common passwords.</summary>
public static class PasswordRules
{
    public const int MemberMinimumLength = 8;
    public const int StaffMinimumLength = 12;
    public const int MaximumLength = 128;

    /// <summary>PBKDF2 (HMAC-SHA512) iterations: OWASP's 2023 figure. Older hashes are upgraded at the next sign-in.</summary>
    public const int HashIterations = 600_000;

    /// <summary>The hint on public forms (registration, reset): the members' rule; a staff account is told its own when refused.</summary>
    public static readonly string Hint = HintFor(staff: false);

    /// <summary>The hint for someone whose role is known (changing a password while signed in).</summary>
    public static string HintFor(bool staff) =>
        $"At least {(staff ? StaffMinimumLength : MemberMinimumLength)} characters. Spaces are fine; a few unrelated words make a strong, memorable password.";
}
