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
}
