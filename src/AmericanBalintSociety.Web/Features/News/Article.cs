using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// A news article, or one of the society's own pages (<see cref="Kind"/>, ADR 0014). Its state follows from
/// <see cref="PublishedAt"/> at the moment of each request: none is a draft, a future time is scheduled, a past time
/// is public. Pages are never scheduled and carry no tags.
/// </summary>
public class Article
{
    public const int SlugMaxLength = Slugs.MaxLength;
    public const int TitleMaxLength = 300;
    public const int SummaryMaxLength = 500;

    public int Id { get; set; }

    public ArticleKind Kind { get; set; }

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

    /// <summary>
    /// Only current members (and staff) read the body; everyone else sees the title, summary and an invitation to
    /// join or sign in (ADR 0015). The body is also left out of the search index, so searching cannot reveal it.
    /// </summary>
    public bool MembersOnly { get; set; }

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

/// <summary>What an <see cref="Article"/> row is: news (dated, tagged, in the lists and the feed) or a page at the site's root.</summary>
public enum ArticleKind
{
    Article = 0,
    Page = 1,
}

public enum ArticleState
{
    Draft,
    Scheduled,
    Published,
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
        // Every public news query is a range of publication times within one kind.
        builder.HasIndex(a => new { a.Kind, a.PublishedAt });
        builder.HasMany(a => a.Tags).WithOne().HasForeignKey(t => t.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<ArticleRevision>().WithOne().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany<ArticleSlugRedirect>().WithOne().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
