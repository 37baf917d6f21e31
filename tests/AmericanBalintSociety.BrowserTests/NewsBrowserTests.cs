using System.Text.RegularExpressions;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace AmericanBalintSociety.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class NewsBrowserTests(BrowserFixture browser)
{
    [SkippableFact]
    public async Task AnEditorPublishes_AndAVisitorFindsItInTheListBySearchAndInTheFeed()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var editor = await browser.SignedInPageAsync("browser-editor@example.org", Roles.Editor);
        await editor.GotoAsync("/admin/news/new");
        await BrowserFixture.AssertNoAxeViolationsAsync(editor);

        await editor.GetByLabel("Title").FillAsync("Winter retreat for group leaders");
        await editor.GetByLabel("Summary").FillAsync("Three days of Balint work in the mountains.");
        await editor.GetByLabel("Tags").FillAsync("Retreats");
        await editor.GetByLabel("Text").FillAsync("## Programme\n\nMorning groups, afternoon walks, evening reflection on snowshoes.");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        Assert.Equal("Programme", await editor.Locator(".preview h2").Nth(1).InnerTextAsync());
        Assert.Equal("winter-retreat-for-group-leaders", await editor.GetByLabel("Address").InputValueAsync());
        await BrowserFixture.ScreenshotAsync(editor, "editor-preview");
        await BrowserFixture.AssertNoAxeViolationsAsync(editor);

        await editor.GetByRole(AriaRole.Button, new() { Name = "Publish now" }).ClickAsync();
        Assert.Contains("Published", await editor.GetByRole(AriaRole.Status).InnerTextAsync(), StringComparison.Ordinal);

        var visitor = await browser.NewPageAsync();
        await visitor.GotoAsync("/news");
        await BrowserFixture.AssertNoAxeViolationsAsync(visitor);
        await visitor.GetByRole(AriaRole.Link, new() { Name = "Winter retreat for group leaders" }).ClickAsync();
        Assert.Equal("Winter retreat for group leaders", await visitor.Locator("h1").InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(visitor, "article");
        await BrowserFixture.AssertNoAxeViolationsAsync(visitor);

        var searchbox = visitor.GetByRole(AriaRole.Search, new() { Name = "Search the site" }).GetByRole(AriaRole.Searchbox);
        await searchbox.FillAsync("snowshoes");
        await searchbox.PressAsync("Enter"); // on the box itself, so the key cannot go elsewhere on a loaded machine
        await Assertions.Expect(visitor).ToHaveURLAsync(new Regex(@"/news/search\?q=snowshoes$"), new() { Timeout = 30_000 });
        await visitor.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal("Winter retreat for group leaders", await visitor.Locator(".search-results h2 a").First.InnerTextAsync());
        Assert.Equal("snowshoes", await visitor.Locator(".search-results mark").First.InnerTextAsync());
        await BrowserFixture.ScreenshotAsync(visitor, "search");
        await BrowserFixture.AssertNoAxeViolationsAsync(visitor);

        var feed = await visitor.APIRequest.GetAsync("/news/feed.xml");
        Assert.Contains("<title>Winter retreat for group leaders</title>", await feed.TextAsync(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task TheStaffPagesAndATagPage_HaveNoAxeViolations()
    {
        Skip.If(browser.SkipReason is not null, browser.SkipReason);
        var page = await browser.SignedInPageAsync("browser-admin@example.org", Roles.Admin);
        var id = await browser.Site.AddArticleAsync("Axe checked", DateTimeOffset.UtcNow.AddDays(-1), slug: "axe-checked", tags: "Checks");
        await browser.Site.WithDbAsync(async db =>
        {
            // A second save, so the article has a revision to list and show.
            await using var scope = browser.Site.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
            var form = (await service.GetFormAsync(id, CancellationToken.None))!.Value.Form;
            form.BodyMarkdown = "Second version.";
            await service.SaveAsync(form, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None);
        });
        var revisionId = await browser.Site.WithDbAsync(db => db.ArticleRevisions.Where(r => r.ArticleId == id).Select(r => r.Id).FirstAsync());

        foreach (var path in new[]
        {
            "/admin", "/admin/news", "/admin/audit", $"/admin/news/{id}", $"/admin/news/{id}/revisions",
            $"/admin/news/{id}/revisions/{revisionId}", $"/admin/news/{id}/delete", "/news/tag/checks",
        })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await BrowserFixture.AssertNoAxeViolationsAsync(page);
        }
    }
}
