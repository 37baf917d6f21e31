using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>An address an article used to have; it answers with a permanent redirect.</summary>
public class ArticleSlugRedirect
{
    public required string OldSlug { get; set; }

    public int ArticleId { get; set; }
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
