using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>Staff's list pages: who may see them, counts and search, CSV export, removal, and CSV import with suppression.</summary>
public sealed class StaffListTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<Subscriber?> FindAsync(string email)
    {
        var hash = SubscriberAddress.Hash(email);
        return site.WithDbAsync(db => db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.AddressHash == hash));
    }

    [Fact]
    public async Task SubscribersAreForAdmins_NewslettersForAdminsAndEditors()
    {
        using (var anonymous = await site.CreateBrowserClient().GetAsync("/admin/subscribers"))
        {
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.Contains("/Identity/Account/Login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        var member = await site.SignedInClientAsync("list-member@example.org", role: null);
        var editor = await site.SignedInClientAsync("list-editor@example.org", Roles.Editor);
        foreach (var (client, path, expected) in new[]
        {
            (member, "/admin/subscribers", HttpStatusCode.Forbidden),
            (member, "/admin/subscribers/export.csv", HttpStatusCode.Forbidden),
            (member, "/admin/newsletters", HttpStatusCode.Forbidden),
            (editor, "/admin/subscribers", HttpStatusCode.Forbidden),
            (editor, "/admin/subscribers/export.csv", HttpStatusCode.Forbidden),
            (editor, "/admin/subscribers/import", HttpStatusCode.Forbidden),
            (editor, "/admin/newsletters", HttpStatusCode.OK),
            (editor, "/admin/newsletters/new", HttpStatusCode.OK),
        })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(expected == response.StatusCode, $"{path}: expected {expected}, got {response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheList_CountsSearchesAndExports_WithFormulasEscaped()
    {
        await site.SubscribeAsync(site.CreateBrowserClient(), "export-one@example.org", "=HYPERLINK(\"http://evil\")");
        using (await site.CreateBrowserClient().SignUpAsync("export-two@example.org", "Pending Pat"))
        {
        }

        var admin = await site.SignedInClientAsync("list-admin@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/subscribers?q=export-");
        Assert.Equal("2 subscribers matching “export-”", page.QuerySelector("main p[role=status]")!.TextContent);
        var rows = page.QuerySelectorAll("table.data-table tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("export-two@example.org", StringComparison.Ordinal) && r.Contains("pending", StringComparison.Ordinal));
        page = await admin.GetDocumentAsync("/admin/subscribers?q=export-&status=Confirmed");
        Assert.Single(page.QuerySelectorAll("table.data-table tbody tr"));

        using var export = await admin.GetAsync(new Uri("/admin/subscribers/export.csv?q=export-", UriKind.Relative));
        Assert.Equal("text/csv", export.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition!.DispositionType);
        var lines = (await export.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("email,name,status,consent_version,source,consented_at,confirmed_at,unsubscribed_at", lines[0]);
        var one = lines.Single(l => l.StartsWith("export-one@example.org", StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil\"\")\",confirmed,2026-11,SignupPage,", one, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("export-two@example.org,Pending Pat,pending,2026-11,SignupPage,", StringComparison.Ordinal));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "subscribers.exported" && e.Actor == "list-admin@example.org")));
    }

    [Fact]
    public async Task Removing_ErasesTheSubscriber_KeepsTheHash_AndNoImportAddsThemAgain()
    {
        await site.SubscribeAsync(site.CreateBrowserClient(), "remove-me@example.org", "Remy Move");
        var id = (await FindAsync("remove-me@example.org"))!.Id;
        var admin = await site.SignedInClientAsync("remover@example.org", Roles.Admin);

        var confirm = await admin.GetDocumentAsync($"/admin/subscribers/{id}/remove");
        using var removed = await admin.SubmitAsync(confirm, "main form", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);

        var row = await site.WithDbAsync(db => db.Subscribers.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.Equal((SubscriberStatus.Removed, null, null, null), (row.Status, row.Email, row.Name, row.UnsubscribeToken));
        Assert.Equal(SubscriberAddress.Hash("remove-me@example.org"), row.AddressHash);
        Assert.False(await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "remove-me@example.org")));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "subscriber.removed" && e.Subject == $"subscriber:{id}")));

        var report = await ImportAsync(admin, "email,name\r\nREMOVE-ME@example.org,Remy Again\r\n");
        Assert.Contains("Unsubscribed or removed here, so not added1", report, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Removed, (await FindAsync("remove-me@example.org"))!.Status);
    }

    [Fact]
    public async Task Import_AddsContacts_ReportsBadLines_AndNeverResubscribesThoseWhoLeft()
    {
        // Someone who unsubscribed here, and someone already confirmed.
        var welcome = await site.SubscribeAsync(site.CreateBrowserClient(), "import-left@example.org");
        using (await site.OneClickUnsubscribeAsync(MailingListSteps.UnsubscribeLink(welcome)))
        {
        }

        await site.SubscribeAsync(site.CreateBrowserClient(), "import-stays@example.org");
        var admin = await site.SignedInClientAsync("importer@example.org", Roles.Admin);

        var csv = """
            E-mail Address;Full Name;Status;Subscribed On
            import-new@example.org;Nora New;subscribed;2019-05-01
            not an address;Bad Row;subscribed;2019-05-01
            import-left@example.org;Left Earlier;subscribed;2019-05-01
            import-stays@example.org;Stays;unsubscribed;2019-05-01
            import-oldleaver@example.org;Old Leaver;unsubscribed;2018-01-01
            import-new@example.org;Nora Twice;subscribed;2019-05-01
            import-baddate@example.org;Bad Date;subscribed;yesterday-ish
            """;
        var report = await ImportAsync(admin, csv);

        Assert.Contains("Added as subscribers1", report, StringComparison.Ordinal);
        Assert.Contains("Added as unsubscribed1", report, StringComparison.Ordinal);
        Assert.Contains("Unsubscribed or removed here, so not added1", report, StringComparison.Ordinal);
        Assert.Contains("Unsubscribed here because the old site says so1", report, StringComparison.Ordinal);
        Assert.Contains("Repeated in the file1", report, StringComparison.Ordinal);
        Assert.Contains("Line 3: \"not an address\" is not a valid email address", report, StringComparison.Ordinal);
        Assert.Contains("Line 8: \"yesterday-ish\" is not a date", report, StringComparison.Ordinal);

        var added = (await FindAsync("import-new@example.org"))!;
        Assert.Equal((SubscriberStatus.Confirmed, SubscriptionSource.Import, "subscribers.csv", "Nora New", ConsentStatement.ImportedVersion),
            (added.Status, added.Source, added.SourceDetail, added.Name, added.ConsentVersion));
        Assert.Equal(new DateTimeOffset(2019, 5, 1, 0, 0, 0, TimeSpan.Zero), added.ConsentedAt);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync("import-left@example.org"))!.Status);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync("import-stays@example.org"))!.Status);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync("import-oldleaver@example.org"))!.Status);
        Assert.Null(await FindAsync("import-baddate@example.org"));
        Assert.False(await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "import-new@example.org"))); // no mail until a newsletter
        Assert.True(await site.WithDbAsync(db => db.SubscriberImports.Where(i => i.CompletedAt != null).AllAsync(i => i.Content == "")));
    }

    [Fact]
    public async Task AnImportSubmittedTwiceAtOnce_RunsOnce()
    {
        var admin = await site.SignedInClientAsync("import-twice@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/subscribers/import");
        using var uploaded = await UploadAsync(admin, page, "email\r\ntwice-a@example.org\r\ntwice-b@example.org\r\n");
        var map = await admin.GetDocumentAsync(uploaded.Headers.Location!.OriginalString);
        var values = new Dictionary<string, string> { ["EmailColumn"] = "email" };

        var responses = await Task.WhenAll(admin.SubmitAsync(map, "form#import-map", values), admin.SubmitAsync(map, "form#import-map", values));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Redirect, r.StatusCode));
        foreach (var response in responses)
        {
            response.Dispose();
        }

        var importId = uploaded.Headers.Location!.OriginalString.Split('/').Last();
        Assert.Equal(1, await site.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "subscribers.imported" && e.Subject == $"import:{importId}")));
        var result = await admin.GetDocumentAsync(uploaded.Headers.Location!.OriginalString);
        Assert.Contains("Added as subscribers2", string.Concat(result.QuerySelector("#import-report")!.TextContent.Where(c => !char.IsWhiteSpace(c) || c == ' ')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_RefusesAFileWithoutAHeaderRowOrAnEmailColumn()
    {
        var admin = await site.SignedInClientAsync("import-refused@example.org", Roles.Admin);
        var page = await admin.GetDocumentAsync("/admin/subscribers/import");
        using var empty = await UploadAsync(admin, page, "");
        Assert.Equal("Choose a CSV file to upload.", (await Html.ParseAsync(empty)).QuerySelector("#file-error")!.TextContent);

        using var uploaded = await UploadAsync(admin, page, "first,second\r\na,b\r\n");
        var map = await admin.GetDocumentAsync(uploaded.Headers.Location!.OriginalString);
        using var noEmail = await admin.SubmitAsync(map, "form#import-map", new Dictionary<string, string> { ["EmailColumn"] = "" });
        Assert.Equal("Choose the column that holds the email addresses.", (await Html.ParseAsync(noEmail)).QuerySelector("#map-error")!.TextContent);
    }

    /// <summary>Uploads the CSV, keeps the guessed mapping, imports, and returns the report's text.</summary>
    private static async Task<string> ImportAsync(HttpClient admin, string csv)
    {
        var page = await admin.GetDocumentAsync("/admin/subscribers/import");
        using var uploaded = await UploadAsync(admin, page, csv);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var map = await admin.GetDocumentAsync(uploaded.Headers.Location!.OriginalString);
        var values = map.QuerySelectorAll("form#import-map select").ToDictionary(
            s => s.GetAttribute("name")!, s => s.QuerySelector("option[selected]")?.GetAttribute("value") ?? "");
        using var imported = await admin.SubmitAsync(map, "form#import-map", values);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);
        var result = await admin.GetDocumentAsync(imported.Headers.Location!.OriginalString);
        return string.Concat(result.QuerySelector("main")!.TextContent.Where(c => !char.IsWhiteSpace(c) || c == ' '))
            .Replace("  ", " ", StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient admin, AngleSharp.Dom.IDocument page, string csv)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(page.QuerySelector("form#import-upload input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "subscribers.csv");
        return await admin.PostAsync(new Uri("/admin/subscribers/import", UriKind.Relative), form);
    }
}
