using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>A tag on an article: <see cref="Slug"/> is its address (<c>/news/tag/{slug}</c>), <see cref="Name"/> how it reads.</summary>
public class ArticleTag
{
    public int ArticleId { get; set; }

    public required string Slug { get; set; }

    public required string Name { get; set; }

    /// <summary>
    /// The article's publication time, copied here on every save, so a tag page is one range of the
    /// (Slug, PublishedAt) index instead of a lookup of every tagged article.
    /// </summary>
    public DateTimeOffset? PublishedAt { get; set; }
}

public sealed class ArticleTagConfiguration : IEntityTypeConfiguration<ArticleTag>
{
    public void Configure(EntityTypeBuilder<ArticleTag> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(t => new { t.ArticleId, t.Slug });
        builder.Property(t => t.Slug).HasMaxLength(60);
        builder.Property(t => t.Name).HasMaxLength(60);
        builder.HasIndex(t => new { t.Slug, t.PublishedAt, t.ArticleId });
    }
}
