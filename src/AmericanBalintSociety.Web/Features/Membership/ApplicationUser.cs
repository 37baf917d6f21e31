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

/// <summary>Column sizes of the profile, shared by the model, the forms and their validation.</summary>
public static class ProfileLimits
{
    public const int Name = 100;
    public const int ProfessionalRole = 50;
    public const int Organization = 200;
    public const int Place = 100;
}

/// <summary>The professional roles a member can pick on their profile (who comes to Balint groups).</summary>
public static class ProfessionalRoles
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Physician",
        "Resident or fellow",
        "Psychologist",
        "Psychiatrist",
        "Nurse or nurse practitioner",
        "Physician assistant",
        "Social worker",
        "Counselor or therapist",
        "Chaplain",
        "Educator",
        "Student",
        "Other",
    ];
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
