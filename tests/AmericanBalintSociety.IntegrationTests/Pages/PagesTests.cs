using System.Net;
using System.Net.Http.Headers;
using AmericanBalintSociety.IntegrationTests.News;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Pages;

/// <summary>The society's own pages: written in the shared editor, served at the site's root, kept apart from the news.</summary>
public sealed class PagesTests(NewsSite site) : IClassFixture<NewsSite>
{
    /// <summary>What the editor posts (the test client sends only hidden fields by itself).</summary>
    private static Dictionary<string, string> Fields(string title, string slug, string body, string intent) => new()
    {
        ["Form.Title"] = title,
        ["Form.Slug"] = slug,
        ["Form.BodyMarkdown"] = body,
        ["intent"] = intent,
    };

    private static async Task<HttpResponseMessage> SaveNewPageAsync(HttpClient editor, Dictionary<string, string> fields)
    {
        var form = await editor.GetDocumentAsync("/admin/pages/new");
        return await editor.SubmitAsync(form, "form.editor", fields);
    }

    [Fact]
    public async Task AnEditor_PublishesAPage_AndVisitorsFindItAtTheRoot_InTheSitemapAndSearch_ButNotInTheNews()
    {
        var editor = await site.SignedInClientAsync("pages-writer@example.org", Roles.Editor);
        using var saved = await SaveNewPageAsync(editor, new Dictionary<string, string>
        {
            ["Form.Title"] = "Governance of the society",
            ["Form.Slug"] = "governance",
            ["Form.Summary"] = "How the council is elected.",
            ["Form.BodyMarkdown"] = "## Council\n\nThe council is elected by the members every second year.",
            ["intent"] = "publish",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.StartsWith("/admin/pages/", saved.Headers.Location!.ToString(), StringComparison.Ordinal);
        var edit = await editor.GetDocumentAsync(saved.Headers.Location!.ToString());
        Assert.Equal("/governance", edit.QuerySelector("[role=status] a")!.GetAttribute("href"));
        Assert.Null(edit.QuerySelector("#Form_Tags")); // pages carry no tags and no schedule
        Assert.Null(edit.QuerySelector("button[value=schedule]"));

        var visitor = site.CreateBrowserClient();
        var page = await visitor.GetDocumentAsync("/governance");
        Assert.Equal("Governance of the society", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal("Council", page.QuerySelector("main .article-body h2")!.TextContent);
        Assert.Equal("How the council is elected.", page.QuerySelector("meta[name=description]")!.GetAttribute("content"));
        Assert.Equal("https://localhost/governance", page.QuerySelector("link[rel=canonical]")!.GetAttribute("href"));
        Assert.Equal("Governance of the society", page.QuerySelector("meta[property='og:title']")!.GetAttribute("content"));
        Assert.Null(page.QuerySelector("main header time")); // a page is not dated like news, only says when it last changed
        Assert.StartsWith("Last updated", page.QuerySelector("main article > footer .meta")!.TextContent, StringComparison.Ordinal);

        Assert.Contains("<loc>https://localhost/governance</loc>", await visitor.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("Governance of the society", await visitor.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("Governance of the society", await visitor.GetStringAsync(new Uri("/news/feed.xml", UriKind.Relative)), StringComparison.Ordinal);

        var search = await visitor.GetDocumentAsync("/news/search?q=council+elected");
        var hit = Assert.Single(search.QuerySelectorAll(".search-results article"));
        Assert.Equal("/governance", hit.QuerySelector("h2 a")!.GetAttribute("href"));
        Assert.Equal("Page", hit.QuerySelector(".meta")!.TextContent.Trim());

        var audit = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "page.published").OrderBy(e => e.Id).LastAsync());
        Assert.Equal("pages-writer@example.org", audit.Actor);
    }

    [Theory]
    [InlineData("news")]
    [InlineData("book")]
    [InlineData("admin")]
    [InlineData("cart")]
    [InlineData("identity")]
    [InlineData("mailing-list")]
    [InlineData("contact")]
    [InlineData("css")]
    [InlineData("sitemap")]
    public async Task TheSitesOwnAddresses_AreRefusedForAPage_WithTheTextKept(string slug)
    {
        var editor = await site.SignedInClientAsync($"reserved-{slug}@example.org", Roles.Editor);
        using var response = await SaveNewPageAsync(editor, new Dictionary<string, string>
        {
            ["Form.Title"] = "Shadowing",
            ["Form.Slug"] = slug,
            ["Form.BodyMarkdown"] = "Text I typed with care.",
            ["intent"] = "publish",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var form = await Html.ParseAsync(response);
        Assert.Contains($"“/{slug}” belongs to the site itself", form.QuerySelector("#Form-Slug-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Text I typed with care.", form.QuerySelector<IHtmlTextAreaElement>("#Form_BodyMarkdown")!.Value);
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.Slug == slug)));
    }

    [Fact]
    public async Task AnArticleMayUseAnAddressThatIsReservedForPages()
    {
        // The news live under /news/, so "contact" is a fine article address; only pages share the root.
        var editor = await site.SignedInClientAsync("article-contact@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");
        using var response = await editor.SubmitAsync(form, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Book news",
            ["Form.Slug"] = "book",
            ["Form.BodyMarkdown"] = "The book is out.",
            ["intent"] = "draft",
        });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task ADraftPage_Answers404_UntilPublished_AndUnpublishingTakesItOffAgain()
    {
        var editor = await site.SignedInClientAsync("drafts@example.org", Roles.Editor);
        using var saved = await SaveNewPageAsync(editor, new Dictionary<string, string>
        {
            ["Form.Title"] = "Annual meeting",
            ["Form.Slug"] = "annual-meeting",
            ["Form.BodyMarkdown"] = "Details soon.",
            ["intent"] = "draft",
        });
        var editPath = saved.Headers.Location!.ToString().Split('?')[0];
        var visitor = site.CreateBrowserClient();
        using (var draft = await visitor.GetAsync(new Uri("/annual-meeting", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);
        }

        Assert.DoesNotContain("annual-meeting", await visitor.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)), StringComparison.Ordinal);

        using (var published = await editor.SubmitAsync(await editor.GetDocumentAsync(editPath), "form.editor", Fields("Annual meeting", "annual-meeting", "Details soon.", "publish")))
        {
            Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        }

        Assert.Equal("Annual meeting", (await visitor.GetDocumentAsync("/annual-meeting")).QuerySelector("main h1")!.TextContent);

        using (var unpublished = await editor.SubmitAsync(await editor.GetDocumentAsync(editPath), "form.editor", Fields("Annual meeting", "annual-meeting", "Details soon.", "unpublish")))
        {
            Assert.Equal(HttpStatusCode.Redirect, unpublished.StatusCode);
        }

        using var gone = await visitor.GetAsync(new Uri("/annual-meeting", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode); // the cached copy went with the change
    }

    [Fact]
    public async Task APage_IsNotEditableAsAnArticle_NorAnArticleAsAPage()
    {
        var editor = await site.SignedInClientAsync("kinds@example.org", Roles.Editor);
        var aboutId = await site.WithDbAsync(db => db.Articles.Where(a => a.Slug == "about").Select(a => a.Id).SingleAsync());
        var articleId = await site.WithDbAsync(db => db.Articles.Where(a => a.Kind == ArticleKind.Article).Select(a => a.Id).FirstAsync());

        using var pageAsArticle = await editor.GetAsync(new Uri($"/admin/news/{aboutId}", UriKind.Relative));
        using var articleAsPage = await editor.GetAsync(new Uri($"/admin/pages/{articleId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, pageAsArticle.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, articleAsPage.StatusCode);

        var list = await editor.GetDocumentAsync("/admin/pages");
        var addresses = list.QuerySelectorAll("td .hint").Select(e => e.TextContent).ToList();
        Assert.Contains("/about", addresses);
        Assert.DoesNotContain(addresses, a => a.StartsWith("/news/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APageCannotBeScheduled()
    {
        var editor = await site.SignedInClientAsync("schedule-page@example.org", Roles.Editor);
        using var response = await SaveNewPageAsync(editor, new Dictionary<string, string>
        {
            ["Form.Title"] = "Later",
            ["Form.Slug"] = "later-page",
            ["Form.BodyMarkdown"] = "Text.",
            ["Form.PublishAt"] = "2030-01-01T10:00",
            ["intent"] = "schedule",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("cannot be scheduled", (await Html.ParseAsync(response)).QuerySelector(".validation-summary-errors, [role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewAddress_KeepsTheOldOneRedirecting_AndARevisionCanBeRestored()
    {
        var editor = await site.SignedInClientAsync("moves@example.org", Roles.Editor);
        using var saved = await SaveNewPageAsync(editor, new Dictionary<string, string>
        {
            ["Form.Title"] = "Training leaders",
            ["Form.Slug"] = "leader-training",
            ["Form.BodyMarkdown"] = "First text.",
            ["intent"] = "publish",
        });
        var editPath = saved.Headers.Location!.ToString().Split('?')[0];
        using (var moved = await editor.SubmitAsync(await editor.GetDocumentAsync(editPath), "form.editor", Fields("Training leaders", "leadership-training", "Second text.", "update")))
        {
            Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        }

        using var old = await site.CreateBrowserClient().GetAsync(new Uri("/leader-training", UriKind.Relative));
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/leadership-training", old.Headers.Location!.ToString());

        var revisions = await editor.GetDocumentAsync(editPath + "/revisions");
        var first = revisions.QuerySelectorAll("td a").Single(a => a.TextContent == "Version 1").GetAttribute("href")!;
        Assert.StartsWith(editPath + "/revisions/", first, StringComparison.Ordinal);
        var revision = await editor.GetDocumentAsync(first);
        using var restored = await editor.SubmitAsync(revision, $"form[action$='/restore']", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);

        var now = await site.CreateBrowserClient().GetDocumentAsync("/leader-training");
        Assert.Equal("First text.", now.QuerySelector("main .article-body")!.TextContent.Trim());
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "page.restored")));
    }

    [Fact]
    public async Task DeletingAPage_AsksFirst_ThenTakesItOffTheSite()
    {
        var editor = await site.SignedInClientAsync("deleter@example.org", Roles.Editor);
        using var saved = await SaveNewPageAsync(editor, new Dictionary<string, string>
        {
            ["Form.Title"] = "Old committee",
            ["Form.Slug"] = "old-committee",
            ["Form.BodyMarkdown"] = "Text.",
            ["intent"] = "publish",
        });
        var editPath = saved.Headers.Location!.ToString().Split('?')[0];

        var confirm = await editor.GetDocumentAsync(editPath + "/delete");
        Assert.Equal("Delete “Old committee”?", confirm.QuerySelector("h1")!.TextContent);
        using var deleted = await editor.SubmitAsync(confirm, "form[action$='/delete']", new Dictionary<string, string>());
        Assert.Equal("/admin/pages?deleted=1", deleted.Headers.Location!.ToString());

        using var gone = await site.CreateBrowserClient().GetAsync(new Uri("/old-committee", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "page.deleted")));
    }

    [Fact]
    public async Task AFileDroppedIntoTheWebRoot_IsServed_NotTakenForAPage()
    {
        // A site-verification file an operator puts in wwwroot: /{slug} must not match it, or routing would take the
        // request before the static files could serve it.
        await using var other = new TestSite();
        var webRoot = Path.Combine(other.Directory, "wwwroot");
        System.IO.Directory.CreateDirectory(webRoot);
        await File.WriteAllTextAsync(Path.Combine(webRoot, "google1234abcd.html"), "google-site-verification: google1234abcd.html");
        other.Settings["webroot"] = webRoot;

        using var file = await other.CreateBrowserClient().GetAsync(new Uri("/google1234abcd.html", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("google-site-verification: google1234abcd.html", await file.Content.ReadAsStringAsync());
        Assert.Equal("About the American Balint Society", (await other.CreateBrowserClient().GetDocumentAsync("/about")).QuerySelector("main h1")!.TextContent);
    }

    [Theory]
    [InlineData("/mailing-list", "form#mailing-list-signup")]
    [InlineData("/", "form#mailing-list-signup-home")]
    [InlineData("/Identity/Account/Register", "form#registerForm")]
    [InlineData("/contact", "form#contact-form")]
    public async Task EveryFormThatCollectsData_LinksToThePrivacyPolicy(string path, string form)
    {
        var page = await site.CreateBrowserClient().GetDocumentAsync(path);

        Assert.NotNull(page.QuerySelector($"{form} a[href='/privacy']"));
        using var privacy = await site.CreateBrowserClient().GetAsync(new Uri("/privacy", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, privacy.StatusCode);
    }

    [Fact]
    public async Task TheCart_LinksToTheTermsOfSaleAndThePrivacyPolicy_BeforeCheckout()
    {
        var buyer = site.CreateBrowserClient();
        using var added = await buyer.AddToCartAsync("RCCP-PB");

        var cart = await buyer.GetDocumentAsync("/cart");

        Assert.NotNull(cart.QuerySelector("main a[href='/terms']"));
        Assert.NotNull(cart.QuerySelector("main a[href='/privacy']"));
    }

    [Fact]
    public async Task EveryPageFooter_LinksToContactPrivacyAndTerms()
    {
        var page = await site.CreateBrowserClient().GetDocumentAsync("/news");

        Assert.Equal(["/contact", "/privacy", "/terms"], page.QuerySelectorAll("footer nav a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public async Task ThePreview_KeepsEveryField_AndTheUploadedCover_ThroughToThePublishedPage()
    {
        var editor = await site.SignedInClientAsync("page-preview@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/pages/new");
        var token = form.QuerySelector("form.editor input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Our leaders"), "Form.Title" },
            { new StringContent("The people who lead the society."), "Form.Summary" },
            { new StringContent("## Council\n\nElected every second year."), "Form.BodyMarkdown" },
            { new StringContent("The council at the 2026 meeting"), "Form.CoverImageAlt" },
            { new StringContent("preview"), "intent" },
        };
        var png = new ByteArrayContent(Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(png, "coverUpload", "council.png");

        using var preview = await editor.PostAsync(new Uri("/admin/pages/new", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var page = await Html.ParseAsync(preview);
        Assert.Equal("Council", page.QuerySelector(".preview .article-body h2")!.TextContent);
        Assert.Equal("our-leaders", page.QuerySelector<IHtmlInputElement>("#Form_Slug")!.Value);
        Assert.Equal("The people who lead the society.", page.QuerySelector<IHtmlTextAreaElement>("#Form_Summary")!.Value);
        var cover = page.QuerySelector<IHtmlInputElement>("input[name='Form.CoverImage']")!.Value;
        Assert.EndsWith(".png", cover, StringComparison.Ordinal);
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == "Our leaders")));

        using var published = await editor.SubmitAsync(page, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Our leaders",
            ["Form.Slug"] = "our-leaders",
            ["Form.Summary"] = "The people who lead the society.",
            ["Form.BodyMarkdown"] = "## Council\n\nElected every second year.",
            ["Form.CoverImageAlt"] = "The council at the 2026 meeting",
            ["intent"] = "publish",
        });
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        var visitorPage = await site.CreateBrowserClient().GetDocumentAsync("/our-leaders");
        var image = visitorPage.QuerySelector("main img.cover")!;
        Assert.StartsWith($"/media/covers/{cover[..32]}-", image.GetAttribute("src"), StringComparison.Ordinal); // one of its widths
        using var served = await site.CreateBrowserClient().GetAsync(new Uri(image.GetAttribute("src")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("The council at the 2026 meeting", image.GetAttribute("alt"));
        Assert.EndsWith($"/media/covers/{cover}", visitorPage.QuerySelector("meta[property='og:image']")!.GetAttribute("content"), StringComparison.Ordinal);
        Assert.Equal("The council at the 2026 meeting", visitorPage.QuerySelector("meta[property='og:image:alt']")!.GetAttribute("content"));
        Assert.Single(visitorPage.QuerySelectorAll("meta[property='og:image']")); // the page's cover instead of the society's card
    }
}
