using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>A member's account. Staff are members with the <see cref="Roles.Admin"/> or <see cref="Roles.Editor"/> role.</summary>
public class ApplicationUser : IdentityUser
{
    /// <summary>The member's name as they want it shown and used in mail.</summary>
    [PersonalData]
    public string? DisplayName { get; set; }

    /// <summary>e.g. physician, psychologist, nurse (one of <see cref="ProfessionalRoles.All"/>).</summary>
    [PersonalData]
    public string? ProfessionalRole { get; set; }

    [PersonalData]
    public string? Organization { get; set; }

    [PersonalData]
    public string? City { get; set; }

    /// <summary>State, province or region.</summary>
    [PersonalData]
    public string? State { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last successful sign-in (shown to staff on the member's page).</summary>
    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>
    /// The 30-second time step of the last authenticator code accepted: a code of that step or an earlier one is refused,
    /// so a code seen over a shoulder or in a proxy log cannot be used again (<see cref="ReplayProofAuthenticatorTokenProvider"/>).
    /// </summary>
    public long? LastAuthenticatorTimeStep { get; set; }
}

public sealed class ApplicationUserConfiguration : IEntityTypeConfiguration<ApplicationUser>
{
    public void Configure(EntityTypeBuilder<ApplicationUser> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(u => u.DisplayName).HasMaxLength(ProfileLimits.Name);
        builder.Property(u => u.ProfessionalRole).HasMaxLength(ProfileLimits.ProfessionalRole);
        builder.Property(u => u.Organization).HasMaxLength(ProfileLimits.Organization);
        builder.Property(u => u.City).HasMaxLength(ProfileLimits.Place);
        builder.Property(u => u.State).HasMaxLength(ProfileLimits.Place);
        builder.HasIndex(u => u.CreatedAt);
    }
}
