using System.Net;
using System.Net.Http.Headers;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.News;

public sealed class NewsAdminTests(NewsSite site) : IClassFixture<NewsSite>
{
    [Theory]
    [InlineData("/admin")]
    [InlineData("/admin/news")]
    [InlineData("/admin/news/new")]
    [InlineData("/admin/audit")]
    public async Task Anonymous_IsSentToSignIn(string path)
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/Identity/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMember_Gets403_OnStaffPagesAndPosts()
    {
        var member = await site.SignedInClientAsync("member-403@example.org", role: null);

        using var get = await member.GetAsync(new Uri("/admin/news", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
        Assert.Equal("Not allowed", (await Html.ParseAsync(get)).QuerySelector("h1")!.TextContent);

        // Even with a valid form token taken from a page the member can see, a staff post is refused.
        var home = await member.GetDocumentAsync("/");
        var token = home.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Form.Title", "Sneaky"), new("Form.BodyMarkdown", "x"), new("intent", "publish")]);
        using var post = await member.PostAsync(new Uri("/admin/news/new", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == "Sneaky")));
    }

    [Fact]
    public async Task EditorsAndAdmins_UseTheNewsPages_OnlyAdminsSeeTheAuditLog()
    {
        var editor = await site.SignedInClientAsync("editor-auth@example.org", Roles.Editor);
        var admin = await site.SignedInClientAsync("admin-auth@example.org", Roles.Admin);

        foreach (var client in new[] { editor, admin })
        {
            using var dashboard = await client.GetAsync(new Uri("/admin", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
            using var news = await client.GetAsync(new Uri("/admin/news", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, news.StatusCode);
        }

        using var editorAudit = await editor.GetAsync(new Uri("/admin/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, editorAudit.StatusCode);
        using var adminAudit = await admin.GetAsync(new Uri("/admin/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, adminAudit.StatusCode);
    }

    [Fact]
    public async Task AnEditor_WritesAndPublishes_AndVisitorsSeeIt_AndTheAuditLogSaysWho()
    {
        var editor = await site.SignedInClientAsync("writer@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");

        using var saved = await editor.SubmitAsync(form, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Call for group leaders",
            ["Form.Summary"] = "We are looking for leaders.",
            ["Form.Tags"] = "Leaders, Training",
            ["Form.BodyMarkdown"] = "## Who\n\nExperienced clinicians.",
            ["intent"] = "publish",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var editPage = await editor.GetDocumentAsync(saved.Headers.Location!.ToString());
        Assert.Contains("Published", editPage.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);

        var visitor = site.CreateBrowserClient();
        var article = await visitor.GetDocumentAsync("/news/call-for-group-leaders");
        Assert.Equal("Call for group leaders", article.QuerySelector("h1")!.TextContent);
        Assert.Equal("Who", article.QuerySelector(".article-body h2")!.TextContent);
        Assert.Contains("Call for group leaders", await visitor.GetStringAsync(new Uri("/news", UriKind.Relative)), StringComparison.Ordinal);

        var entry = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "article.published").OrderBy(e => e.Id).LastAsync());
        Assert.Equal("writer@example.org", entry.Actor);
        Assert.Contains("Call for group leaders", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidInput_IsShownNextToTheField_AndNothingTypedIsLost()
    {
        var editor = await site.SignedInClientAsync("careless@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");

        using var response = await editor.SubmitAsync(form, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "",
            ["Form.Slug"] = "Not A Slug!",
            ["Form.Summary"] = "My careful summary.",
            ["Form.BodyMarkdown"] = "Three paragraphs I would hate to type again.",
            ["intent"] = "publish",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Give it a title.", page.QuerySelector("#Form-Title-error")!.TextContent.Trim());
        Assert.Contains("lower-case letters", page.QuerySelector("#Form-Slug-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#Form_Title")!.GetAttribute("aria-invalid"));
        Assert.Contains("Form-Title-error", page.QuerySelector("#Form_Title")!.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal("Three paragraphs I would hate to type again.", page.QuerySelector<IHtmlTextAreaElement>("#Form_BodyMarkdown")!.Value);
        Assert.Equal("My careful summary.", page.QuerySelector<IHtmlTextAreaElement>("#Form_Summary")!.Value);
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.Summary == "My careful summary.")));
    }

    [Fact]
    public async Task ASlugInUse_IsRefusedOnTheSlugField()
    {
        var editor = await site.SignedInClientAsync("dup@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");

        using var response = await editor.SubmitAsync(form, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Copycat",
            ["Form.Slug"] = "abs-passes-diversity-resolution",
            ["Form.BodyMarkdown"] = "Text.",
            ["intent"] = "draft",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("already used by “ABS Passes Diversity Resolution”", page.QuerySelector("#Form-Slug-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SchedulingInThePast_IsRefused()
    {
        var editor = await site.SignedInClientAsync("past@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");

        using var response = await editor.SubmitAsync(form, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Yesterday's news",
            ["Form.BodyMarkdown"] = "Text.",
            ["Form.PublishAt"] = "2020-01-01T09:00",
            ["intent"] = "schedule",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("must be in the future", (await Html.ParseAsync(response)).QuerySelector("#Form-PublishAt-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_RendersSanitizedMarkdown_WithoutSaving()
    {
        var editor = await site.SignedInClientAsync("previewer@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");

        using var response = await editor.SubmitAsync(form, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "Preview only",
            ["Form.BodyMarkdown"] = "## Heading\n\n<script>alert(1)</script> [x](javascript:alert(1))",
            ["intent"] = "preview",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        var preview = page.QuerySelector(".preview .article-body")!;
        Assert.Equal("Heading", preview.QuerySelector("h2")!.TextContent);
        Assert.Null(preview.QuerySelector("script"));
        Assert.DoesNotContain("javascript:", preview.InnerHtml, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("preview-only", page.QuerySelector<IHtmlInputElement>("#Form_Slug")!.Value); // suggested from the title
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == "Preview only")));
    }

    [Fact]
    public async Task TwoEditors_TheSecondSaveIsRefused_WithTheirTextKept()
    {
        var id = await site.AddArticleAsync("Shared draft", null, body: "Original text.");
        var alice = await site.SignedInClientAsync("alice@example.org", Roles.Editor);
        var bob = await site.SignedInClientAsync("bob@example.org", Roles.Editor);
        var aliceForm = await alice.GetDocumentAsync($"/admin/news/{id}");
        var bobForm = await bob.GetDocumentAsync($"/admin/news/{id}");

        using var aliceSave = await alice.SubmitAsync(aliceForm, "form.editor", EditFields(aliceForm, "Alice's text."));
        Assert.Equal(HttpStatusCode.Redirect, aliceSave.StatusCode);

        using var bobSave = await bob.SubmitAsync(bobForm, "form.editor", EditFields(bobForm, "Bob's text."));

        Assert.Equal(HttpStatusCode.Conflict, bobSave.StatusCode);
        var page = await Html.ParseAsync(bobSave);
        Assert.Contains("alice@example.org saved this article", page.QuerySelector("#conflict")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Bob's text.", page.QuerySelector<IHtmlTextAreaElement>("#Form_BodyMarkdown")!.Value);
        Assert.Equal("Alice's text.", await site.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()));
    }

    [Fact]
    public async Task EverySave_KeepsThePreviousVersion_WhichCanBeViewedAndRestored()
    {
        var id = await site.AddArticleAsync("Versioned", null, body: "First words.");
        var editor = await site.SignedInClientAsync("historian@example.org", Roles.Editor);
        var edit = await editor.GetDocumentAsync($"/admin/news/{id}");
        using (var second = await editor.SubmitAsync(edit, "form.editor", EditFields(edit, "Second words.")))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }

        var list = await editor.GetDocumentAsync($"/admin/news/{id}/revisions");
        var link = list.QuerySelector("table a")!;
        Assert.Equal("Version 1", link.TextContent);
        var revision = await editor.GetDocumentAsync(link.GetAttribute("href")!);
        Assert.Contains("First words.", revision.QuerySelector(".preview")!.TextContent, StringComparison.Ordinal);

        using var restored = await editor.SubmitAsync(revision, "form[action$='/restore']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Id == id));
        Assert.Equal("First words.", article.BodyMarkdown);
        Assert.Equal(3, article.Version);
        Assert.Equal(2, await site.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "article.restored" && e.Subject == $"article:{id}")));
    }

    [Fact]
    public async Task Unpublishing_TakesTheArticleOffTheSite_AndDeletingNeedsAConfirmation()
    {
        var id = await site.AddArticleAsync("Short-lived", DateTimeOffset.UtcNow.AddHours(-1), slug: "short-lived");
        var editor = await site.SignedInClientAsync("remover@example.org", Roles.Editor);
        var visitor = site.CreateBrowserClient();
        Assert.Equal(HttpStatusCode.OK, (await visitor.GetAsync(new Uri("/news/short-lived", UriKind.Relative))).StatusCode);

        var edit = await editor.GetDocumentAsync($"/admin/news/{id}");
        var fields = EditFields(edit, "Text.");
        fields["intent"] = "unpublish";
        using (var unpublished = await editor.SubmitAsync(edit, "form.editor", fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, unpublished.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await visitor.GetAsync(new Uri("/news/short-lived", UriKind.Relative))).StatusCode);

        var confirm = await editor.GetDocumentAsync($"/admin/news/{id}/delete");
        Assert.StartsWith("Delete “Short-lived”?", confirm.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.True(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.Id == id)));

        using var deleted = await editor.SubmitAsync(confirm, "form[action$='/delete']", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.Id == id)));
        var actions = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == $"article:{id}").Select(e => e.Action).ToListAsync());
        Assert.Contains("article.unpublished", actions);
        Assert.Contains("article.deleted", actions);
    }

    [Fact]
    public async Task ACoverImage_IsCheckedByContent_StoredOutsideWwwroot_AndServedWithItsType()
    {
        var editor = await site.SignedInClientAsync("illustrator@example.org", Roles.Editor);

        using var accepted = await PostWithFileAsync(editor, "Pictured", TinyPng, "cover.png", "A green square");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        var article = await site.WithDbAsync(db => db.Articles.SingleAsync(a => a.Title == "Pictured"));
        Assert.Matches("^[0-9a-f]{32}\\.png$", article.CoverImage!);
        Assert.False(File.Exists(Path.Combine(site.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath, article.CoverImage!)));

        using var image = await site.CreateBrowserClient().GetAsync(new Uri($"/media/covers/{article.CoverImage}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal("nosniff", image.Headers.GetValues("X-Content-Type-Options").Single());
        var served = await image.Content.ReadAsByteArrayAsync();
        Assert.Equal(TinyPng[..8], served[..8]); // a PNG, encoded again from the pixels (CoverImageTests)
    }

    [Theory]
    [InlineData("not-really.png", "This is a text file pretending to be an image.")]
    [InlineData("drawing.svg", "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")]
    [InlineData("animation.gif", "GIF89a....")]
    public async Task AnythingButJpegPngOrWebp_IsRefusedWithAClearMessage(string name, string content)
    {
        var editor = await site.SignedInClientAsync($"refused-{Guid.NewGuid():N}@example.org", Roles.Editor);

        using var response = await PostWithFileAsync(editor, "Refused cover", System.Text.Encoding.UTF8.GetBytes(content), name, "Alt");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Only JPEG, PNG or WebP images can be used as a cover. This file is not one of them.", page.QuerySelector("#coverUpload-error")!.TextContent);
        Assert.Equal("Refused cover", page.QuerySelector<IHtmlInputElement>("#Form_Title")!.Value);
    }

    [Theory]
    [InlineData("../../admin/members")]
    [InlineData("https://evil.example/pixel.png")]
    [InlineData("0123456789abcdef0123456789abcdef.png")] // the right shape, but not an image the site stored
    public async Task ACoverFieldNamingAnythingButAStoredImage_IsRefused_AndNeverRendered(string cover)
    {
        var editor = await site.SignedInClientAsync("cover-forger@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");

        using var response = await editor.SubmitAsync(form, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "A forged cover " + cover.Length,
            ["Form.BodyMarkdown"] = "Body.",
            ["Form.CoverImage"] = cover,
            ["Form.CoverImageAlt"] = "Anything",
            ["intent"] = "publish",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains("not one the site stored", page.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(page.QuerySelectorAll("img"), img => (img.GetAttribute("src") ?? "").Contains(cover, StringComparison.Ordinal));
        Assert.False(await site.WithDbAsync(db => db.Articles.AnyAsync(a => a.CoverImage == cover)));
    }

    [Fact]
    public async Task AnImageOverFiveMegabytes_IsRefused()
    {
        var editor = await site.SignedInClientAsync("big@example.org", Roles.Editor);
        var big = new byte[(5 * 1024 * 1024) + 1];
        TinyPng.CopyTo(big, 0);

        using var response = await PostWithFileAsync(editor, "Too big", big, "big.png", "Alt");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("the largest allowed is 5 MB", (await Html.ParseAsync(response)).QuerySelector("#coverUpload-error")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditLog_ShowsWhoDidWhat()
    {
        await site.AddArticleAsync("Audited", null);
        var admin = await site.SignedInClientAsync("auditor@example.org", Roles.Admin);

        var page = await admin.GetDocumentAsync("/admin/audit");

        var rows = page.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("test-editor", StringComparison.Ordinal) && r.Contains("Article: created", StringComparison.Ordinal) && r.Contains("Article “Audited”", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAuditLog_PagesThroughOneSubject_KeepingTheFilter()
    {
        await site.WithDbAsync(async db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.AuditEntries.AddRange(Enumerable.Range(1, 60).Select(i => new Web.Data.Auditing.AuditEntry
            {
                At = now.AddSeconds(i),
                Actor = "paging-test",
                Action = "article.updated",
                Subject = "paged-subject & more",
                Details = $"change {i}",
            }));
            return await db.SaveChangesAsync();
        });
        var admin = await site.SignedInClientAsync("audit-pager@example.org", Roles.Admin);

        var first = await admin.GetDocumentAsync("/admin/audit?subject=" + Uri.EscapeDataString("paged-subject & more"));
        Assert.Equal("Page 1 of 2", first.QuerySelector(".pager > span")!.TextContent);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        Assert.Equal("/admin/audit?page=2&subject=paged-subject%20%26%20more", next);

        var second = await admin.GetDocumentAsync(next);
        var rows = second.QuerySelectorAll("tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(10, rows.Count); // the subject's last 10 of 60, nothing else
        Assert.All(rows, r => Assert.Contains("paged-subject & more", r, StringComparison.Ordinal));
    }

    // A 1×1 PNG.
    private static readonly byte[] TinyPng = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static Dictionary<string, string> EditFields(IDocument page, string body) => new()
    {
        ["Form.Title"] = page.QuerySelector<IHtmlInputElement>("#Form_Title")!.Value,
        ["Form.Slug"] = page.QuerySelector<IHtmlInputElement>("#Form_Slug")!.Value,
        ["Form.Summary"] = page.QuerySelector<IHtmlTextAreaElement>("#Form_Summary")!.Value,
        ["Form.BodyMarkdown"] = body,
        ["intent"] = "update",
    };

    private static async Task<HttpResponseMessage> PostWithFileAsync(HttpClient client, string title, byte[] file, string fileName, string alt)
    {
        var form = await client.GetDocumentAsync("/admin/news/new");
        var token = form.QuerySelector("form.editor input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent(title), "Form.Title" },
            { new StringContent("Body text."), "Form.BodyMarkdown" },
            { new StringContent(alt), "Form.CoverImageAlt" },
            { new StringContent("draft"), "intent" },
        };
        var bytes = new ByteArrayContent(file);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(bytes, "coverUpload", fileName);
        return await client.PostAsync(new Uri("/admin/news/new", UriKind.Relative), content);
    }

    [Fact]
    public async Task ThePreview_LooksLikeThePublishedArticle_WithCoverDateAndTags_AndKeepsEveryField()
    {
        var editor = await site.SignedInClientAsync("article-preview@example.org", Roles.Editor);
        var form = await editor.GetDocumentAsync("/admin/news/new");
        var token = form.QuerySelector("form.editor input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("Autumn retreat"), "Form.Title" },
            { new StringContent("Three days in Vermont."), "Form.Summary" },
            { new StringContent("Retreats, Vermont"), "Form.Tags" },
            { new StringContent("We met by the lake."), "Form.BodyMarkdown" },
            { new StringContent("The group by the lake"), "Form.CoverImageAlt" },
            { new StringContent("preview"), "intent" },
        };
        var png = new ByteArrayContent(TinyPng);
        png.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        content.Add(png, "coverUpload", "lake.png");

        using var response = await editor.PostAsync(new Uri("/admin/news/new", UriKind.Relative), content);

        var page = await Html.ParseAsync(response);
        var preview = page.QuerySelector("section.preview article")!;
        Assert.Equal("Autumn retreat", preview.QuerySelector("h3.preview-title")!.TextContent);
        Assert.Equal("Not published yet", preview.QuerySelector(".meta")!.TextContent);
        Assert.Equal(["Retreats", "Vermont"], preview.QuerySelectorAll(".tags .tag").Select(t => t.TextContent));
        var cover = page.QuerySelector<IHtmlInputElement>("input[name='Form.CoverImage']")!.Value;
        Assert.StartsWith($"/media/covers/{cover[..32]}-", preview.QuerySelector("img.cover")!.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("The group by the lake", preview.QuerySelector("img.cover")!.GetAttribute("alt"));
        Assert.Equal("The group by the lake", page.QuerySelector<IHtmlInputElement>("#Form_CoverImageAlt")!.Value);
        Assert.Equal("Retreats, Vermont", page.QuerySelector<IHtmlInputElement>("#Form_Tags")!.Value);
        Assert.Single(page.QuerySelectorAll("h1")); // the editor's own heading; the preview's title is not a second h1
    }
}
