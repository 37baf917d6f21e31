using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.News;

public sealed class ImportTests(NewsSite site) : IClassFixture<NewsSite>
{
    [Fact]
    public async Task ContentImport_CreatesAndUpdatesBySlug_AndReportsBadFilesWhileTheRestImport()
    {
        var folder = Path.Combine(site.Directory, "import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "a-new.md"),
            "---\ntitle: Imported meeting\nslug: imported-meeting\npublished: 2019-05-01\nsummary: From the old site.\ntags: [Meetings, Archive]\n---\nWe met.\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "b-broken.md"), "No front matter here.\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "c-draft.md"),
            "---\ntitle: Unfinished\nslug: unfinished-import\ndraft: true\n---\nLater.\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "d-update.md"),
            "---\ntitle: ABS Passes Diversity Resolution\nslug: abs-passes-diversity-resolution\npublished: 2016-09-19\nsummary: Updated summary.\n---\nUpdated body.\n");

        var (exit, output, error) = await site.RunCommandAsync(null, "content", "import", folder);

        Assert.Equal(1, exit); // one file failed
        Assert.Contains("error: b-broken.md: The file does not start with front matter", error, StringComparison.Ordinal);
        Assert.Contains("created: a-new.md → /news/imported-meeting", output, StringComparison.Ordinal);
        Assert.Contains("created: c-draft.md → /news/unfinished-import", output, StringComparison.Ordinal);
        Assert.Contains("updated: d-update.md → /news/abs-passes-diversity-resolution", output, StringComparison.Ordinal);
        Assert.Contains("3 imported, 1 failed.", output, StringComparison.Ordinal);

        var imported = await site.WithDbAsync(db => db.Articles.Include(a => a.Tags).SingleAsync(a => a.Slug == "imported-meeting"));
        Assert.Equal(new DateTimeOffset(2019, 5, 1, 4, 0, 0, TimeSpan.Zero), imported.PublishedAt);
        Assert.Equal(["Archive", "Meetings"], imported.Tags.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Null(await site.WithDbAsync(db => db.Articles.Where(a => a.Slug == "unfinished-import").Select(a => a.PublishedAt).SingleAsync()));

        var resolution = await site.WithDbAsync(db => db.Articles.Where(a => a.Slug == "abs-passes-diversity-resolution").ToListAsync());
        Assert.Equal("Updated body.", Assert.Single(resolution).BodyMarkdown);
        Assert.True(await site.WithDbAsync(db => db.ArticleRevisions.AnyAsync(r => r.ArticleId == resolution[0].Id && r.BodyMarkdown.Contains("Be it resolved"))));

        // The search index (compacted after the import) holds the import, consistent with the articles.
        var found = await site.CreateBrowserClient().GetDocumentAsync("/news/search?q=imported+meeting");
        Assert.Equal(["/news/imported-meeting"], found.QuerySelectorAll(".search-results h2 a").Select(a => a.GetAttribute("href")));
        await site.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("INSERT INTO ArticleSearch(ArticleSearch) VALUES('integrity-check')"));

        // Importing again updates, never duplicates.
        var (again, _, _) = await site.RunCommandAsync(null, "content", "import", Path.Combine(folder, "a-new.md"));
        Assert.Equal(0, again);
        Assert.Equal(1, await site.WithDbAsync(db => db.Articles.CountAsync(a => a.Slug == "imported-meeting")));
    }

    [Fact]
    public async Task ContentImport_OfAMissingPath_SaysSo()
    {
        var (exit, _, error) = await site.RunCommandAsync(null, "content", "import", "/no/such/folder");

        Assert.Equal(1, exit);
        Assert.Contains("No such file or folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentRender_RendersEveryArticleAgain()
    {
        await site.WithDbAsync(db => db.Articles.ExecuteUpdateAsync(s => s.SetProperty(a => a.BodyHtml, "stale")));

        var (exit, output, _) = await site.RunCommandAsync(null, "content", "render");

        Assert.Equal(0, exit);
        Assert.Matches(@"Rendered \d+ article\(s\)\.", output);
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.BodyHtml == "stale")));
    }
}
