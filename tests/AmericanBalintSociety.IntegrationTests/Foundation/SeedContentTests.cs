using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.News;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

public sealed class SeedContentTests
{
    [Fact]
    public async Task FirstStart_LoadsTheArticleThePagesAndTheBookAsWritten()
    {
        await using var site = new TestSite();
        _ = site.Server;

        var article = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Kind == ArticleKind.Article));
        Assert.Equal("abs-passes-diversity-resolution", article.Slug);
        Assert.Equal("ABS Passes Diversity Resolution", article.Title);
        Assert.Equal(new DateTimeOffset(2016, 9, 19, 4, 0, 0, TimeSpan.Zero), article.PublishedAt); // midnight in New York
        Assert.Contains("Be it resolved that diversity and inclusiveness within the American Balint Society (ABS) are essential", article.BodyMarkdown, StringComparison.Ordinal);
        Assert.Contains("<h2", article.BodyHtml, StringComparison.Ordinal);
        Assert.Contains("American Balint Society’s Diversity Resolution</h2>", article.BodyHtml, StringComparison.Ordinal);

        var book = await site.WithDbAsync(db => db.Books.Include(b => b.Formats).SingleAsync());
        Assert.Equal("restoring-the-core-of-clinical-practice", book.Slug);
        Assert.Equal(["Laurel Milberg, PhD", "Katherine Knowlton, PhD"], book.AuthorList);
        var formats = book.Formats.OrderBy(f => f.Sku, StringComparer.Ordinal).Select(f => (f.Sku, f.PriceCents, f.IsPhysical, f.PriceSetByStaff)).ToList();
        Assert.Equal([("RCCP-EB", 999L, false, false), ("RCCP-PB", 1450L, true, false)], formats);

        // The society's pages, published, at their addresses, with the seed's summaries.
        var pages = await site.WithDbAsync(db => db.Articles.Where(a => a.Kind == ArticleKind.Page).OrderBy(a => a.Slug)
            .Select(a => new { a.Slug, a.Title, a.Summary, a.PublishedAt }).ToListAsync());
        Assert.Equal(["about", "balint-groups", "privacy", "terms"], pages.Select(p => p.Slug));
        Assert.All(pages, p => Assert.NotNull(p.PublishedAt));
        Assert.Equal("What is a Balint group?", pages[1].Title);
        var about = await site.CreateBrowserClient().GetDocumentAsync("/about");
        Assert.Equal("About the American Balint Society", about.QuerySelector("main h1")!.TextContent);
        Assert.Contains("International Balint Federation", about.QuerySelector("main .article-body")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_AddsNothing_AndKeepsStaffEditsAndDeletions()
    {
        var folder = TestSite.CreateTempDirectory();
        await using (var first = new TestSite { Directory = folder })
        {
            _ = first.Server;
            await first.WithDbAsync(async db =>
            {
                var article = await db.Articles.SingleAsync(a => a.Kind == ArticleKind.Article);
                article.Title = "Edited by staff";
                var paperback = await db.BookFormats.SingleAsync(f => f.Sku == "RCCP-PB");
                paperback.PriceCents = 1600;
                paperback.PriceSetByStaff = true;
                db.BookFormats.Remove(await db.BookFormats.SingleAsync(f => f.Sku == "RCCP-EB"));
                await db.SaveChangesAsync();
            });
        }

        await using var second = new TestSite { Directory = folder, DeletesDirectory = true };
        _ = second.Server;

        Assert.Equal(["Edited by staff"], await second.WithDbAsync(db => db.Articles.Where(a => a.Kind == ArticleKind.Article).Select(a => a.Title).ToListAsync()));
        Assert.Equal(1, await second.WithDbAsync(db => db.Books.CountAsync()));
        var formats = await second.WithDbAsync(db => db.BookFormats.Select(f => new { f.Sku, f.PriceCents }).ToListAsync());
        Assert.Equal("RCCP-PB", Assert.Single(formats).Sku);
        Assert.Equal(1600, formats[0].PriceCents);
        Assert.Equal(10, await second.WithDbAsync(db => db.SeedRecords.CountAsync(r => !r.Key.StartsWith("seeded:")))); // the article, four pages, the menu, the book, the membership levels, the menu entries for membership and donations
        Assert.Equal(1, await second.WithDbAsync(db => db.SeedRecords.CountAsync(r => r.Key.StartsWith("seeded:")))); // the run that loaded them, by fingerprint
        Assert.Equal(2, await second.WithDbAsync(db => db.Roles.CountAsync()));
    }

    [Fact]
    public async Task Restart_DoesNotBringBackAnArticleStaffDeleted()
    {
        var folder = TestSite.CreateTempDirectory();
        await using (var first = new TestSite { Directory = folder })
        {
            _ = first.Server;
            await first.WithDbAsync(async db =>
            {
                db.Articles.RemoveRange(await db.Articles.ToListAsync());
                await db.SaveChangesAsync();
            });
        }

        await using var second = new TestSite { Directory = folder, DeletesDirectory = true };
        _ = second.Server;

        Assert.Equal(0, await second.WithDbAsync(db => db.Articles.CountAsync()));
    }

}
