using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>One entry in a list of articles.</summary>
public sealed record ArticleListItem(string Slug, string Title, DateTimeOffset PublishedAt, string Summary);

/// <summary>What visitors can read. An article is public from its publication time on, decided at request time.</summary>
public sealed class NewsService(AppDbContext db, TimeProvider clock)
{
    public Task<List<ArticleListItem>> LatestAsync(int count, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Articles
            .AsNoTracking()
            .Where(a => a.PublishedAt != null && a.PublishedAt <= now)
            .OrderByDescending(a => a.PublishedAt)
            .ThenByDescending(a => a.Id)
            .Take(count)
            .Select(a => new ArticleListItem(a.Slug, a.Title, a.PublishedAt!.Value, a.Summary))
            .ToListAsync(cancellationToken);
    }
}

public static class NewsServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddNews(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<NewsService>();
        return builder;
    }
}
