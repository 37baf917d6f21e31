using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership.Directory;

/// <summary>
/// A member's entry in the members' directory (issue 16): strictly opt-in (<see cref="Listed"/>), with only what the
/// member typed into it; an empty field is not shown. Shown only while the member's membership is current.
/// </summary>
public class DirectoryEntry
{
    public const int NameMax = 100;
    public const int CredentialsMax = 100;
    public const int BioMax = 600;
    public const int AddressMax = 254;
    public const int WebsiteMax = 300;

    /// <summary>The member's account (also the key: one entry per account, deleted with it).</summary>
    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }

    /// <summary>Whether the member chose to appear in the directory.</summary>
    public bool Listed { get; set; }

    public string Name { get; set; } = "";

    /// <summary>"MD, PhD", "LCSW"…</summary>
    public string? Credentials { get; set; }

    /// <summary>One of <see cref="ProfessionalRoles.All"/>.</summary>
    public string? Profession { get; set; }

    public string? Organization { get; set; }

    public string? City { get; set; }

    /// <summary>A USPS code from <see cref="UsStates"/>.</summary>
    public string? State { get; set; }

    public bool LeadsGroups { get; set; }

    public string? Bio { get; set; }

    public string? PublicEmail { get; set; }

    public string? Website { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class DirectoryEntryConfiguration : IEntityTypeConfiguration<DirectoryEntry>
{
    public void Configure(EntityTypeBuilder<DirectoryEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(e => e.UserId);
        builder.HasOne(e => e.User).WithOne().HasForeignKey<DirectoryEntry>(e => e.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Name).HasMaxLength(DirectoryEntry.NameMax);
        builder.Property(e => e.Credentials).HasMaxLength(DirectoryEntry.CredentialsMax);
        builder.Property(e => e.Profession).HasMaxLength(ProfileLimits.ProfessionalRole);
        builder.Property(e => e.Organization).HasMaxLength(ProfileLimits.Organization);
        builder.Property(e => e.City).HasMaxLength(ProfileLimits.Place);
        builder.Property(e => e.State).HasMaxLength(2);
        builder.Property(e => e.Bio).HasMaxLength(DirectoryEntry.BioMax);
        builder.Property(e => e.PublicEmail).HasMaxLength(DirectoryEntry.AddressMax);
        builder.Property(e => e.Website).HasMaxLength(DirectoryEntry.WebsiteMax);
        builder.HasIndex(e => new { e.Listed, e.Name });
    }
}
