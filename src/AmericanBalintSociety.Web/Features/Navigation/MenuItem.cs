using AmericanBalintSociety.Web.Features.News;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Navigation;

/// <summary>
/// One entry of the site menu staff arrange: a built-in section of the site (<see cref="Section"/>, one of
/// <see cref="BuiltInSections"/>) or one of the society's pages (<see cref="PageId"/>), with its label and place.
/// A page's entry goes with the page; an unpublished page's entry is kept but not shown.
/// </summary>
public class MenuItem
{
    public const int LabelMaxLength = 40;

    public int Id { get; set; }

    public int Position { get; set; }

    public required string Label { get; set; }

    public string? Section { get; set; }

    public int? PageId { get; set; }
}

public sealed class MenuItemConfiguration : IEntityTypeConfiguration<MenuItem>
{
    public void Configure(EntityTypeBuilder<MenuItem> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(m => m.Label).HasMaxLength(MenuItem.LabelMaxLength);
        builder.Property(m => m.Section).HasMaxLength(40);
        builder.HasIndex(m => m.Section).IsUnique();
        builder.HasIndex(m => m.PageId).IsUnique();
        builder.HasOne<Article>().WithMany().HasForeignKey(m => m.PageId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint(
            "CK_MenuItems_OneTarget", "(Section IS NULL AND PageId IS NOT NULL) OR (Section IS NOT NULL AND PageId IS NULL)"));
    }
}
