using System.Net;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Contact;
using AmericanBalintSociety.Web.Features.Membership;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Contact;

/// <summary>
/// The contact form: stored, mailed to the topic's people through the outbox with the visitor as Reply-To, never to
/// the visitor; bots and header tricks get nowhere; staff work through the messages; old ones go.
/// </summary>
public sealed class ContactTests
{
    private static ClockedTestSite NewSite()
    {
        var site = new ClockedTestSite();
        site.Settings["Site:ContactEmail"] = "office@americanbalintsociety.example";
        site.Settings["Contact:Recipients:Default:0"] = "office@americanbalintsociety.example";
        site.Settings["Contact:Recipients:Membership:0"] = "membership@americanbalintsociety.example";
        site.Settings["Contact:Recipients:Membership:1"] = "treasurer@americanbalintsociety.example";
        return site;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Dictionary<string, string> fields)
    {
        var page = await client.GetDocumentAsync("/contact");
        return await client.SubmitAsync(page, "form#contact-form", fields);
    }

    private static Dictionary<string, string> Message(string name, string email, string topic, string message) => new()
    {
        ["Form.Name"] = name,
        ["Form.Email"] = email,
        ["Form.Topic"] = topic,
        ["Form.Message"] = message,
    };

    [Fact]
    public async Task AMessage_IsStored_AndMailedToTheTopicsPeople_WithTheVisitorAsReplyTo_AndNothingGoesToTheVisitor()
    {
        await using var site = NewSite();
        var visitor = site.CreateBrowserClient();
        var page = await visitor.GetDocumentAsync("/contact");
        Assert.Equal("office@americanbalintsociety.example", page.QuerySelector("main a[href^='mailto:']")!.TextContent);
        Assert.Contains("100 Test Street", page.QuerySelector("main address")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/privacy", page.QuerySelector("#contact-privacy a")!.GetAttribute("href"));

        using var sent = await SendAsync(visitor, Message("Maria Lopez", "maria@example.org", "Membership", "How do I join?\n\nI lead a group in Ohio."));

        Assert.Equal("/contact/sent", sent.Headers.Location!.OriginalString);
        var thanks = await visitor.GetDocumentAsync("/contact/sent");
        Assert.Contains("Your message has been sent", thanks.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);

        var stored = await site.WithDbAsync(db => db.ContactMessages.SingleAsync());
        Assert.Equal(("Maria Lopez", "maria@example.org", ContactTopic.Membership, ContactMessageStatus.New), (stored.Name, stored.Email, stored.Topic, stored.Status));
        Assert.Equal("How do I join?\n\nI lead a group in Ohio.", stored.Message.ReplaceLineEndings("\n"));

        var mail = await site.Mail.WaitForAsync("membership@americanbalintsociety.example");
        Assert.Equal("maria@example.org", Assert.Single(mail.ReplyTo.Mailboxes).Address);
        Assert.Equal(["treasurer@americanbalintsociety.example"], mail.Cc.Mailboxes.Select(m => m.Address));
        Assert.Equal("Contact form (Membership): Maria Lopez", mail.Subject);
        Assert.Contains("I lead a group in Ohio.", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://localhost/admin/messages", mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(site.Mail.To("maria@example.org"));
    }

    [Fact]
    public async Task InvalidInput_IsShownNextToTheField_WithTheTypedTextKept_AndNothingStored()
    {
        await using var site = NewSite();
        var visitor = site.CreateBrowserClient();
        var long5001 = new string('x', 5001);

        using var response = await SendAsync(visitor, Message("", "not an address", "", long5001));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Enter your name.", page.QuerySelector("#Form-Name-error")!.TextContent.Trim());
        Assert.Contains("valid email address", page.QuerySelector("#Form-Email-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Choose what your message is about.", page.QuerySelector("#Form-Topic-error")!.TextContent.Trim());
        Assert.Contains("at most 5000 characters", page.QuerySelector("#Form-Message-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("true", page.QuerySelector("#Form_Email")!.GetAttribute("aria-invalid"));
        Assert.Equal("not an address", page.QuerySelector<IHtmlInputElement>("#Form_Email")!.Value);
        Assert.Equal(long5001, page.QuerySelector<IHtmlTextAreaElement>("#Form_Message")!.Value);
        Assert.Equal(0, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));
    }

    [Theory]
    [InlineData("Eve\r\nBcc: victim@example.com", "eve@example.org")]
    [InlineData("Eve", "eve@example.org\r\nBcc: victim@example.com")]
    [InlineData("Eve", "eve@example.org,victim@example.com")]
    public async Task LineBreaksOrSecondAddresses_CannotAddAHeaderOrARecipient(string name, string email)
    {
        await using var site = NewSite();
        using var response = await SendAsync(site.CreateBrowserClient(), Message(name, email, "General", "Hello"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Category == "contact")));
    }

    [Fact]
    public async Task TheHoneypotAndAnInstantPost_GetTheSameThanks_AndStoreNothing()
    {
        await using var site = NewSite();
        site.Settings["MailingList:MinimumTimeOnForm"] = "00:00:03";
        var visitor = site.CreateBrowserClient();

        var fields = Message("Bot", "bot@example.org", "General", "Buy now");
        using var instant = await SendAsync(visitor, fields);
        fields["Form.Website"] = "http://spam.example";
        site.Clock.Advance(TimeSpan.FromSeconds(10));
        using var honeypot = await SendAsync(visitor, fields);

        Assert.Equal("/contact/sent", instant.Headers.Location!.OriginalString);
        Assert.Equal("/contact/sent", honeypot.Headers.Location!.OriginalString);
        Assert.Equal(0, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));

        var page = await visitor.GetDocumentAsync("/contact");
        site.Clock.Advance(TimeSpan.FromSeconds(10));
        using var human = await visitor.SubmitAsync(page, "form#contact-form", Message("Hana", "hana@example.org", "General", "A real question"));
        Assert.Equal(1, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));
    }

    [Fact]
    public async Task PastTheLimit_OneAddressGets429()
    {
        await using var site = NewSite();
        site.Settings["RateLimiting:SignupsPerMinute"] = "2";
        var visitor = site.CreateBrowserClient();
        for (var i = 0; i < 2; i++)
        {
            using var ok = await SendAsync(visitor, Message("Sam", $"sam{i}@example.org", "General", "Hi"));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }

        using var limited = await SendAsync(visitor, Message("Sam", "sam-limited@example.org", "General", "Hi"));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(2, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));
    }

    [Fact]
    public async Task WithNoRecipientsSet_TheMessageIsKeptForStaff_AndTheDashboardSaysWhatIsMissing()
    {
        await using var site = new TestSite();
        using var sent = await SendAsync(site.CreateBrowserClient(), Message("Ola", "ola@example.org", "Press", "Interview request"));

        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal(1, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Category == "contact")));

        var admin = await site.SignedInClientAsync("dash-admin@example.org", Roles.Admin);
        var dashboard = await admin.GetDocumentAsync("/admin");
        var missing = dashboard.QuerySelector("#still-to-set")!.TextContent;
        Assert.Contains("Contact:Recipients", missing, StringComparison.Ordinal);
        Assert.Contains("Site:ContactEmail", missing, StringComparison.Ordinal);
        Assert.Contains("1 new message", dashboard.QuerySelector("#messages-heading")!.ParentElement!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaffReadAMessage_MarkItAnsweredOrSpam_AndDeleteIt_WithItsMail()
    {
        await using var site = NewSite();
        using var sent = await SendAsync(site.CreateBrowserClient(), Message("Ivan", "ivan@example.org", "BookOrders", "Where is my copy?"));
        var admin = await site.SignedInClientAsync("inbox-admin@example.org", Roles.Admin);

        var list = await admin.GetDocumentAsync("/admin/messages");
        var link = list.QuerySelector("td a[href^='/admin/messages/']")!;
        Assert.Equal("Ivan", link.TextContent);
        var details = await admin.GetDocumentAsync(link.GetAttribute("href")!);
        Assert.Equal("Where is my copy?", details.QuerySelector(".message-text")!.TextContent);
        Assert.Contains("Book orders", details.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);

        using var answered = await admin.SubmitAsync(details, "form:has(input[value=Answered])", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        Assert.Equal("Marked answered.", (await admin.GetDocumentAsync(answered.Headers.Location!.OriginalString)).QuerySelector("[role=status]")!.TextContent);
        var crafted = await admin.GetDocumentAsync(link.GetAttribute("href") + "?marked=Call%20555-0100%20to%20verify");
        Assert.Null(crafted.QuerySelector("[role=status]")); // the address cannot put words on the page
        Assert.Empty((await admin.GetDocumentAsync("/admin/messages")).QuerySelectorAll("td a[href^='/admin/messages/']"));
        Assert.Single((await admin.GetDocumentAsync("/admin/messages?status=Answered")).QuerySelectorAll("td a[href^='/admin/messages/']"));
        var stored = await site.WithDbAsync(db => db.ContactMessages.SingleAsync());
        Assert.Equal((ContactMessageStatus.Answered, "inbox-admin@example.org"), (stored.Status, stored.StatusChangedBy));

        var confirm = await admin.GetDocumentAsync($"/admin/messages/{stored.Id}/delete");
        using var deleted = await admin.SubmitAsync(confirm, "form[action$='/delete']", new Dictionary<string, string>());
        Assert.Equal("/admin/messages?deleted=1", deleted.Headers.Location!.OriginalString);
        Assert.Equal(0, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Category == "contact")));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "contact.deleted")));
    }

    [Fact]
    public async Task EditorsAndMembers_CannotReadTheMessages()
    {
        await using var site = NewSite();
        var editor = await site.SignedInClientAsync("msg-editor@example.org", Roles.Editor);
        var member = await site.SignedInClientAsync("msg-member@example.org", role: null);

        using var asEditor = await editor.GetAsync(new Uri("/admin/messages", UriKind.Relative));
        using var asMember = await member.GetAsync(new Uri("/admin/messages", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, asEditor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
    }

    [Fact]
    public async Task Housekeeping_DeletesMessagesPastTheirRetention_WithTheirMail()
    {
        await using var site = NewSite();
        using var old = await SendAsync(site.CreateBrowserClient(), Message("Old", "old@example.org", "General", "From long ago"));
        await site.Mail.WaitForAsync("office@americanbalintsociety.example");
        site.Clock.Advance(TimeSpan.FromDays(200));
        using var recent = await SendAsync(site.CreateBrowserClient(), Message("Recent", "recent@example.org", "General", "From this year"));

        site.Clock.Advance(TimeSpan.FromDays(200)); // the first is now past 12 months; the hourly job wakes up
        await Eventually.TrueAsync(
            async () => await site.WithDbAsync(db => db.ContactMessages.CountAsync()) == 1, TimeSpan.FromSeconds(10), "the expired message is deleted");

        Assert.Equal("Recent", await site.WithDbAsync(db => db.ContactMessages.Select(m => m.Name).SingleAsync()));
        Assert.False(await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Subject.Contains("Old"))));
    }

    [Fact]
    public async Task AMembersMessages_AreInDownloadMyData_AndGoWithTheAccount()
    {
        await using var site = NewSite();
        await site.RegisterAndConfirmAsync("writer-member@example.org", name: "Wren Writer");
        using var sent = await SendAsync(site.CreateBrowserClient(), Message("Wren", "Writer-Member@Example.org", "General", "My question"));
        var client = site.CreateBrowserClient();
        using var signIn = await client.SignInAsync("writer-member@example.org", Accounts.StrongPassword);

        var data = await client.GetDocumentAsync("/Identity/Account/Manage/PersonalData");
        using var download = await client.SubmitAsync(data, "form#download-data", new Dictionary<string, string>());
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        Assert.Equal("My question", json.RootElement.GetProperty("contactMessages")[0].GetProperty("message").GetString());

        var page = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using var deleted = await client.SubmitAsync(page, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(0, await site.WithDbAsync(db => db.ContactMessages.CountAsync()));
        Assert.Equal(0, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Category == "contact")));
    }
}
