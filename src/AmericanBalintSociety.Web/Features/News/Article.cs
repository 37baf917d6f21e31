using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>A news article. Public from <see cref="PublishedAt"/> on; a draft has none.</summary>
public class Article
{
    public int Id { get; set; }

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string Summary { get; set; } = "";

    /// <summary>What staff write.</summary>
    public string BodyMarkdown { get; set; } = "";

    /// <summary>The Markdown rendered and sanitized when the article is saved, so a page view never renders.</summary>
    public string BodyHtml { get; set; } = "";

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(a => a.Slug).HasMaxLength(200);
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.Property(a => a.Title).HasMaxLength(300);
        builder.Property(a => a.Summary).HasMaxLength(1000);
        builder.HasIndex(a => a.PublishedAt);
    }
}
