using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership.Levels;

/// <summary>
/// A kind of membership the society offers ("Member"; "Trainee: students, residents and fellows"), with its annual dues.
/// A level without dues, or not on offer, cannot be joined (ADR 0015).
/// </summary>
public class MembershipLevel
{
    public const int NameMaxLength = 100;
    public const int DescriptionMaxLength = 2000;
    public const int EligibilityMaxLength = 300;

    public int Id { get; set; }

    /// <summary>"Member", "Trainee".</summary>
    public required string Name { get; set; }

    /// <summary>What the level gives, shown on the membership page (plain text; paragraphs by blank lines).</summary>
    public string Description { get; set; } = "";

    /// <summary>Who may join at this level, e.g. "students, residents and fellows"; empty for anyone.</summary>
    public string? Eligibility { get; set; }

    /// <summary>Annual dues in US cents; null until staff set them (then the level is not offered).</summary>
    public long? AnnualDuesCents { get; set; }

    /// <summary>Staff's switch: shown and joinable once it has dues (a level on offer without dues waits for them).</summary>
    public bool IsOffered { get; set; }

    /// <summary>Order on the membership page and in the admin, smallest first.</summary>
    public int DisplayOrder { get; set; }

    /// <summary>Optimistic concurrency for staff edits.</summary>
    public int Version { get; set; }

    /// <summary>Whether someone can join at this level now: on offer and priced.</summary>
    public bool CanBeJoined => IsOffered && AnnualDuesCents is > 0;
}

public sealed class MembershipLevelConfiguration : IEntityTypeConfiguration<MembershipLevel>
{
    public void Configure(EntityTypeBuilder<MembershipLevel> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(l => l.Name).HasMaxLength(MembershipLevel.NameMaxLength);
        builder.HasIndex(l => l.Name).IsUnique();
        builder.Property(l => l.Description).HasMaxLength(MembershipLevel.DescriptionMaxLength);
        builder.Property(l => l.Eligibility).HasMaxLength(MembershipLevel.EligibilityMaxLength);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Ignore(l => l.CanBeJoined);
    }
}
