using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>A saved earlier version of an article, kept on every save.</summary>
public class ArticleRevision
{
    public int Id { get; set; }

    public int ArticleId { get; set; }

    /// <summary>The article's version this snapshot was.</summary>
    public int Version { get; set; }

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string Summary { get; set; } = "";

    /// <summary>Tag names, comma-separated.</summary>
    public string Tags { get; set; } = "";

    public string BodyMarkdown { get; set; } = "";

    public DateTimeOffset? PublishedAt { get; set; }

    public string? CoverImage { get; set; }

    public string? CoverImageAlt { get; set; }

    /// <summary>When this version was saved, and by whom.</summary>
    public DateTimeOffset SavedAt { get; set; }

    public string? SavedBy { get; set; }
}

public sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(r => r.Slug).HasMaxLength(Article.SlugMaxLength);
        builder.Property(r => r.Title).HasMaxLength(Article.TitleMaxLength);
        builder.Property(r => r.Summary).HasMaxLength(Article.SummaryMaxLength);
        builder.Property(r => r.Tags).HasMaxLength(1000);
        builder.Property(r => r.CoverImage).HasMaxLength(100);
        builder.Property(r => r.CoverImageAlt).HasMaxLength(300);
        builder.Property(r => r.SavedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.ArticleId, r.Version }).IsUnique();
    }
}
