using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>The output cache: pages served from it until an article changes or a scheduled one comes due.</summary>
public sealed class NewsCacheTests
{
    [Fact]
    public async Task CachedPages_AreServedUntilAnArticleChanges_ThenNobodySeesTheStalePage()
    {
        await using var site = new NewsSite();
        var client = site.CreateBrowserClient();
        Assert.Contains("ABS Passes Diversity Resolution", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);

        // A change behind the site's back is not seen: the page comes from the cache.
        await site.WithDbAsync(db => db.Articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "Changed behind the cache")));
        Assert.Contains("ABS Passes Diversity Resolution", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);

        // A change through the site evicts every cached news page.
        await site.AddArticleAsync("Fresh news", site.Clock.GetUtcNow().AddMinutes(-1));
        var fresh = await client.GetStringAsync(new Uri("/news", UriKind.Relative));
        Assert.Contains("Fresh news", fresh, StringComparison.Ordinal);
        Assert.Contains("Changed behind the cache", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AScheduledArticle_AppearsOnceItsTimePasses_EvenOnACachedPage()
    {
        await using var site = new NewsSite();
        var client = site.CreateBrowserClient();
        await site.AddArticleAsync("Announced for tomorrow", site.Clock.GetUtcNow().AddDays(1), slug: "tomorrow", tags: "Later");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/news/tag/later", UriKind.Relative))).StatusCode);

        Assert.DoesNotContain("Announced for tomorrow", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("Announced for tomorrow", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);

        site.Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));

        Assert.Contains("Announced for tomorrow", await client.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);
        using var article = await client.GetAsync(new Uri("/news/tomorrow", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, article.StatusCode);
        Assert.Contains("Announced for tomorrow", await client.GetStringAsync(new Uri("/news/feed.xml", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("Announced for tomorrow", await client.GetStringAsync(new Uri("/news/tag/later", UriKind.Relative)), StringComparison.Ordinal);
    }
}
