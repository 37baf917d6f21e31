using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.News;

/// <summary>An article's address: old addresses redirect, and a refused save moves none.</summary>
public sealed class ArticleAddressTests
{
    [Fact]
    public async Task AChangedSlug_RedirectsTheOldAddressPermanently()
    {
        await using var site = new NewsSite();
        var id = await site.AddArticleAsync("Renamed", site.Clock.GetUtcNow().AddDays(-1), slug: "first-name");
        await site.WithDbAsync(async db =>
        {
            // Through the service, as the editor would.
            await using var scope = site.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
            var form = (await service.GetFormAsync(id, CancellationToken.None))!.Value.Form;
            form.Slug = "second-name";
            var result = await service.SaveAsync(form, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None);
            Assert.True(result.Succeeded);
        });

        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/news/first-name", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/news/second-name", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task ARefusedSave_ChangesNothing_NotEvenAnotherArticlesOldAddress()
    {
        await using var site = new NewsSite();
        var now = site.Clock.GetUtcNow();
        var moved = await site.AddArticleAsync("Moved", now.AddDays(-2), slug: "first-home");
        var other = await site.AddArticleAsync("Other", now.AddDays(-1), slug: "other");
        await using var scope = site.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<Web.Features.News.ArticleAdminService>();
        var movedForm = (await service.GetFormAsync(moved, CancellationToken.None))!.Value.Form;
        movedForm.Slug = "second-home";
        Assert.True((await service.SaveAsync(movedForm, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None)).Succeeded);

        // A save of the other article, taking the old address, from a form that is out of date: refused.
        var stale = (await service.GetFormAsync(other, CancellationToken.None))!.Value.Form;
        stale.Version--;
        stale.Slug = "first-home";
        var auditBefore = await site.WithDbAsync(db => db.AuditEntries.CountAsync());

        var result = await service.SaveAsync(stale, Web.Features.News.ArticleSaveAction.Update, NewsData.Staff, CancellationToken.None);

        Assert.True(result.IsConflict);
        Assert.True(await site.WithDbAsync(db => db.ArticleSlugRedirects.AnyAsync(r => r.OldSlug == "first-home" && r.ArticleId == moved)));
        Assert.Equal(auditBefore, await site.WithDbAsync(db => db.AuditEntries.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == other)));
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/news/first-home", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
    }
}
