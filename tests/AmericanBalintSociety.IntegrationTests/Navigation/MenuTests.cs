using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Navigation;

/// <summary>The site menu: seeded as the society asked, arranged by staff, and always in step with the pages.</summary>
public sealed class MenuTests
{
    private static List<(string Label, string Href)> MenuOf(IDocument page) =>
        [.. page.QuerySelectorAll("nav[aria-label=Main] a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href")!))];

    private static async Task<Dictionary<string, string>> EditorValuesAsync(HttpClient staff, Action<List<Row>> change)
    {
        var page = await staff.GetDocumentAsync("/admin/menu");
        var rows = page.QuerySelectorAll("form.menu-editor tbody tr").Select((tr, i) => new Row(
            i,
            tr.QuerySelector("input[name$='.Target']")!.GetAttribute("value")!,
            tr.QuerySelector("input[type=checkbox]")!.HasAttribute("checked"),
            tr.QuerySelector("input[name$='.Label']")!.GetAttribute("value") ?? "",
            tr.QuerySelector("input[name$='.Position']")!.GetAttribute("value")!)).ToList();
        change(rows);
        var values = new Dictionary<string, string>();
        foreach (var row in rows)
        {
            values[$"Rows[{row.Index}].Target"] = row.Target;
            values[$"Rows[{row.Index}].Show"] = row.Show ? "true" : "false";
            values[$"Rows[{row.Index}].Label"] = row.Label;
            values[$"Rows[{row.Index}].Position"] = row.Position;
        }

        return values;
    }

    private sealed record Row(int Index, string Target, bool Show, string Label, string Position)
    {
        public bool Show { get; set; } = Show;

        public string Label { get; set; } = Label;

        public string Position { get; set; } = Position;
    }

    [Fact]
    public async Task TheSeededMenu_IsTheOneTheSocietyAskedFor()
    {
        await using var site = new TestSite();
        var home = await site.CreateBrowserClient().GetDocumentAsync("/");

        Assert.Equal(
            [("Home", "/"), ("About", "/about"), ("Balint Groups", "/balint-groups"), ("Membership", "/membership"), ("News / Articles", "/news"), ("The Book", "/book"),
             ("Add Me To Your Mailing List", "/mailing-list"), ("Contact", "/contact"), ("Donate", "/donate"), ("Shopping Cart", "/cart")],
            MenuOf(home));
        Assert.Equal("page", home.QuerySelector("nav[aria-label=Main] a[href='/']")!.GetAttribute("aria-current"));
        var about = await site.CreateBrowserClient().GetDocumentAsync("/about");
        Assert.Equal("page", about.QuerySelector("nav[aria-label=Main] a[href='/about']")!.GetAttribute("aria-current"));
        Assert.Null(about.QuerySelector("nav[aria-label=Main] a[href='/']")!.GetAttribute("aria-current"));
    }

    [Fact]
    public async Task StaffReorderRelabelHideAndAddAPage_AndEveryPageShowsItAtOnce()
    {
        await using var site = new TestSite();
        var visitor = site.CreateBrowserClient();
        _ = await visitor.GetDocumentAsync("/"); // cached with the seeded menu
        var editor = await site.SignedInClientAsync("menu-editor@example.org", Roles.Editor);

        var values = await EditorValuesAsync(editor, rows =>
        {
            rows.Single(r => r.Target == "section:news").Label = "News";
            rows.Single(r => r.Target == "section:news").Position = "1";
            rows.Single(r => r.Target == "section:home").Position = "2";
            rows.Single(r => r.Target == "section:mailing-list").Show = false;
            var privacy = rows.Single(r => r.Label == "Privacy policy");
            privacy.Show = true;
            privacy.Label = "Privacy";
            privacy.Position = "99";
        });
        var form = await editor.GetDocumentAsync("/admin/menu");
        using var saved = await editor.SubmitAsync(form, "form.menu-editor", values);
        Assert.Equal("/admin/menu?saved=true", saved.Headers.Location!.OriginalString);

        var menu = MenuOf(await visitor.GetDocumentAsync("/"));
        Assert.Equal(("News", "/news"), menu[0]);
        Assert.Equal(("Privacy", "/privacy"), menu[^1]);
        Assert.DoesNotContain(menu, l => l.Href == "/mailing-list");
        var audit = await site.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "menu.updated"));
        Assert.Equal("menu-editor@example.org", audit.Actor);
    }

    [Fact]
    public async Task AShownEntryWithoutALabel_IsRefusedOnItsRow_WithEveryValueKept()
    {
        await using var site = new TestSite();
        var editor = await site.SignedInClientAsync("menu-careless@example.org", Roles.Editor);
        var values = await EditorValuesAsync(editor, rows =>
        {
            rows.Single(r => r.Target == "section:book").Label = "";
            rows.Single(r => r.Target == "section:contact").Label = "Write to us";
        });
        var form = await editor.GetDocumentAsync("/admin/menu");

        using var refused = await editor.SubmitAsync(form, "form.menu-editor", values);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        var bookRow = page.QuerySelectorAll("tbody tr").Single(tr => tr.QuerySelector("input[name$='.Target']")!.GetAttribute("value") == "section:book");
        Assert.Contains("Give the entry a label", bookRow.QuerySelector(".field-validation-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", bookRow.QuerySelector("input[name$='.Label']")!.GetAttribute("aria-invalid"));
        Assert.Contains(page.QuerySelectorAll("input[name$='.Label']"), i => i.GetAttribute("value") == "Write to us");
        Assert.Contains(MenuOf(await site.CreateBrowserClient().GetDocumentAsync("/")), l => l.Label == "Contact"); // nothing saved
    }

    [Fact]
    public async Task AnUnpublishedOrDeletedPage_LeavesTheMenu()
    {
        await using var site = new TestSite();
        var visitor = site.CreateBrowserClient();
        Assert.Contains(MenuOf(await visitor.GetDocumentAsync("/")), l => l.Href == "/balint-groups");
        var editor = await site.SignedInClientAsync("menu-pages@example.org", Roles.Editor);
        var id = await site.WithDbAsync(db => db.Articles.Where(a => a.Slug == "balint-groups").Select(a => a.Id).SingleAsync());

        var edit = await editor.GetDocumentAsync($"/admin/pages/{id}");
        using var unpublished = await editor.SubmitAsync(edit, "form.editor", new Dictionary<string, string>
        {
            ["Form.Title"] = "What is a Balint group?",
            ["Form.Slug"] = "balint-groups",
            ["Form.BodyMarkdown"] = "Text.",
            ["intent"] = "unpublish",
        });
        Assert.DoesNotContain(MenuOf(await visitor.GetDocumentAsync("/")), l => l.Href == "/balint-groups");
        Assert.Contains("Not shown on the site until the page is published", (await editor.GetDocumentAsync("/admin/menu")).QuerySelector("form.menu-editor")!.TextContent, StringComparison.Ordinal);

        var aboutId = await site.WithDbAsync(db => db.Articles.Where(a => a.Slug == "about").Select(a => a.Id).SingleAsync());
        var confirm = await editor.GetDocumentAsync($"/admin/pages/{aboutId}/delete");
        using var deleted = await editor.SubmitAsync(confirm, "form[action$='/delete']", new Dictionary<string, string>());
        Assert.DoesNotContain(MenuOf(await visitor.GetDocumentAsync("/news")), l => l.Href == "/about");
        Assert.False(await site.WithDbAsync(db => db.MenuItems.AnyAsync(m => m.PageId == aboutId)));
    }

    [Fact]
    public async Task TheCartEntry_CarriesTheCartsCount()
    {
        await using var site = new TestSite();
        var visitor = site.CreateBrowserClient();
        using var added = await visitor.AddToCartAsync("RCCP-PB");

        var home = await visitor.GetDocumentAsync("/");
        var cart = home.QuerySelector("nav[aria-label=Main] a[href='/cart']")!;
        Assert.Equal("Shopping Cart (1 item)", System.Text.RegularExpressions.Regex.Replace(cart.TextContent, @"\s+", " ").Trim());
    }

    [Fact]
    public async Task TheFooterAndTheHomePage_LinkOnlyToPagesThatArePublished()
    {
        await using var site = new TestSite();
        var visitor = site.CreateBrowserClient();
        var before = await visitor.GetDocumentAsync("/");
        Assert.Equal(["/contact", "/privacy", "/terms"], before.QuerySelectorAll("footer nav a").Select(a => a.GetAttribute("href")));
        Assert.Contains(before.QuerySelectorAll("nav[aria-label='Ways in'] a"), a => a.GetAttribute("href") == "/about");

        var editor = await site.SignedInClientAsync("footer-editor@example.org", Roles.Editor);
        foreach (var (slug, title) in new[] { ("terms", "Terms of use and sale"), ("about", "About the American Balint Society") })
        {
            var id = await site.WithDbAsync(db => db.Articles.Where(a => a.Slug == slug).Select(a => a.Id).SingleAsync());
            using var unpublished = await editor.SubmitAsync(await editor.GetDocumentAsync($"/admin/pages/{id}"), "form.editor", new Dictionary<string, string>
            {
                ["Form.Title"] = title,
                ["Form.Slug"] = slug,
                ["Form.BodyMarkdown"] = "Being rewritten.",
                ["intent"] = "unpublish",
            });
            Assert.Equal(HttpStatusCode.Redirect, unpublished.StatusCode);
        }

        var after = await visitor.GetDocumentAsync("/");
        Assert.Equal(["/contact", "/privacy"], after.QuerySelectorAll("footer nav a").Select(a => a.GetAttribute("href")));
        Assert.DoesNotContain(after.QuerySelectorAll("nav[aria-label='Ways in'] a"), a => a.GetAttribute("href") == "/about");
    }
}
