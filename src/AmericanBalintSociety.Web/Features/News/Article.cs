using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// A news article. Its state follows from <see cref="PublishedAt"/> at the moment of each request:
/// none is a draft, a future time is scheduled, a past time is public.
/// </summary>
public class Article
{
    public const int SlugMaxLength = Slugs.MaxLength;
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 500;

    public int Id { get; set; }

    public required string Slug { get; set; }

    public required string Title { get; set; }

    public string Summary { get; set; } = "";

    public DateTimeOffset? PublishedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who saved it last (display name or email).</summary>
    public string? UpdatedBy { get; set; }

    /// <summary>Bumped on every save; a save based on an older version is refused (optimistic concurrency).</summary>
    public int Version { get; set; } = 1;

    /// <summary>Generated file name of the cover image in the media folder, or null.</summary>
    public string? CoverImage { get; set; }

    public string? CoverImageAlt { get; set; }

    // The long texts live in a table of their own (ArticleBodies, entity splitting): lists, tag pages and
    // search read only the narrow Articles rows, many to a page, instead of one article's body per page.

    /// <summary>What staff write.</summary>
    public string BodyMarkdown { get; set; } = "";

    /// <summary>The Markdown rendered and sanitized when the article is saved, so a page view never renders.</summary>
    public string BodyHtml { get; set; } = "";

    /// <summary>The body as plain text, for search and snippets.</summary>
    public string BodyText { get; set; } = "";

    public List<ArticleTag> Tags { get; set; } = [];

    public ArticleState StateAt(DateTimeOffset now) =>
        PublishedAt is null ? ArticleState.Draft : PublishedAt > now ? ArticleState.Scheduled : ArticleState.Published;
}

public enum ArticleState
{
    Draft,
    Scheduled,
    Published,
}

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

/// <summary>An address an article used to have; it answers with a permanent redirect.</summary>
public class ArticleSlugRedirect
{
    public required string OldSlug { get; set; }

    public int ArticleId { get; set; }
}

public sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(a => a.Slug).HasMaxLength(Article.SlugMaxLength);
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.Property(a => a.Title).HasMaxLength(Article.TitleMaxLength);
        builder.Property(a => a.Summary).HasMaxLength(Article.SummaryMaxLength);
        builder.Property(a => a.CoverImage).HasMaxLength(100);
        builder.Property(a => a.CoverImageAlt).HasMaxLength(300);
        builder.Property(a => a.UpdatedBy).HasMaxLength(256);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.SplitToTable("ArticleBodies", body =>
        {
            body.Property(a => a.Id).HasColumnName("Id");
            body.Property(a => a.BodyMarkdown);
            body.Property(a => a.BodyHtml);
            body.Property(a => a.BodyText);
        });
        builder.HasIndex(a => a.PublishedAt);
        builder.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<ArticleRevision>().WithOne().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<ArticleSlugRedirect>().WithOne().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
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

public sealed class ArticleSlugRedirectConfiguration : IEntityTypeConfiguration<ArticleSlugRedirect>
{
    public void Configure(EntityTypeBuilder<ArticleSlugRedirect> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(r => r.OldSlug);
        builder.Property(r => r.OldSlug).HasMaxLength(Article.SlugMaxLength);
    }
}
