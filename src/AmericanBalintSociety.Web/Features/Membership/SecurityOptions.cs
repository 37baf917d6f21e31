using System.ComponentModel.DataAnnotations;

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

    /// <summary>
    /// The least time between two mails of one kind (password reset, confirmation, "you already have an account") to one
    /// address from the anonymous account forms. Zero turns the limit off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AccountMailInterval { get; set; } = TimeSpan.FromMinutes(15);
}
