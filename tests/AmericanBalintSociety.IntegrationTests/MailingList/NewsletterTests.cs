using System.Net;
using System.Security.Claims;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.MailingList;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>Newsletters: compose, preview, test, send to every confirmed subscriber exactly once, even across a restart.</summary>
public sealed class NewsletterTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task AnEditor_PreviewsTestsAndSendsAnArticle_ToConfirmedSubscribersOnly_Once()
    {
        await site.AddArticleAsync("Balint groups in rural practice", DateTimeOffset.UtcNow.AddDays(-1),
            body: "## Why it matters\n\nRead [our news](/news) and see ![a group](/media/covers/x.png).", slug: "rural-practice");
        await site.SubscribeAsync(site.CreateBrowserClient(), "reader-one@example.org", "Reader One");
        await site.SubscribeAsync(site.CreateBrowserClient(), "reader-two@example.org");
        using (await site.CreateBrowserClient().SignUpAsync("reader-pending@example.org"))
        {
        }

        var editor = await site.SignedInClientAsync("newsletter-editor@example.org", Roles.Editor);
        var compose = await editor.GetDocumentAsync("/admin/newsletters/new");
        var articleId = compose.QuerySelectorAll("#Form_ArticleId option").Single(o => o.TextContent.StartsWith("Balint groups in rural practice", StringComparison.Ordinal)).GetAttribute("value")!;

        // Nothing chosen and nothing written: the form comes back with the message next to the field.
        using var empty = await editor.SubmitAsync(compose, "form#newsletter-form", new Dictionary<string, string> { ["Form.ArticleId"] = "", ["Form.BodyMarkdown"] = "", ["Form.Subject"] = "Kept subject" });
        var again = await Html.ParseAsync(empty);
        Assert.Equal("Choose an article or write a message.", again.QuerySelector("#Form_BodyMarkdown-error")!.TextContent);
        Assert.Equal("Kept subject", again.QuerySelector("#Form_Subject")!.GetAttribute("value"));

        using var saved = await editor.SubmitAsync(compose, "form#newsletter-form", new Dictionary<string, string> { ["Form.ArticleId"] = articleId, ["Form.Subject"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var details = await editor.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("Balint groups in rural practice", details.QuerySelector("h1")!.TextContent);
        var preview = details.QuerySelector(".mail-preview")!;
        Assert.Contains("Why it matters", preview.TextContent, StringComparison.Ordinal);
        Assert.NotNull(preview.QuerySelector("a[href='https://localhost/news']"));
        Assert.NotNull(preview.QuerySelector("img[src='https://localhost/media/covers/x.png']"));

        using var test = await editor.SubmitAsync(details, "form[action$='/test']", new Dictionary<string, string>());
        var testMail = await site.Mail.WaitForAsync("newsletter-editor@example.org");
        Assert.Equal("[Test] Balint groups in rural practice", testMail.Subject);
        Assert.NotNull(testMail.Headers["List-Unsubscribe"]);
        Assert.DoesNotContain(site.Mail.To("reader-one@example.org"), m => m.Subject == "Balint groups in rural practice");

        // Sending asks once more, naming the subject and how many people will get it.
        details = await editor.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Null(details.QuerySelector("form#send-newsletter"));
        var confirm = await editor.GetDocumentAsync(details.QuerySelector("a#send-newsletter-link")!.GetAttribute("href")!);
        var confirmed = await site.WithDbAsync(db => db.Subscribers.CountAsync(s => s.Status == SubscriberStatus.Confirmed));
        Assert.Equal($"Send “Balint groups in rural practice” to {confirmed} confirmed subscribers?", confirm.QuerySelector("h1")!.TextContent);
        using var sent = await editor.SubmitAsync(confirm, "form#send-newsletter", new Dictionary<string, string>());
        using var twice = await editor.SubmitAsync(confirm, "form#send-newsletter", new Dictionary<string, string>()); // a double click
        var afterTwice = await editor.GetDocumentAsync(twice.Headers.Location!.OriginalString);
        Assert.Equal("This newsletter is already being sent (or was sent); it goes to each subscriber once.", afterTwice.QuerySelector("[role=alert]")!.TextContent);

        var id = int.Parse(saved.Headers.Location!.OriginalString.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.TrueAsync(() => site.WithDbAsync(db => db.Newsletters.AnyAsync(n => n.Id == id && n.Status == NewsletterStatus.Sent)), TimeSpan.FromSeconds(15), "not sent");
        var mail = await Eventually.ValueAsync(() => site.Mail.To("reader-one@example.org").FirstOrDefault(m => m.Subject == "Balint groups in rural practice"), TimeSpan.FromSeconds(15), "no newsletter");
        Assert.Contains("Why it matters", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("100 Test Street", mail.TextBody, StringComparison.Ordinal);
        var unsubscribe = MailingListSteps.UnsubscribeLink(mail);
        Assert.Contains(unsubscribe, mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);

        var recipients = await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Category == MailingListEmails.NewsletterCategory(id)).Select(m => m.ToAddress).ToListAsync());
        Assert.Contains("reader-one@example.org", recipients);
        Assert.Contains("reader-two@example.org", recipients);
        Assert.DoesNotContain("reader-pending@example.org", recipients);
        Assert.Equal(recipients.Count, recipients.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "newsletter.sending" && e.Subject == $"newsletter:{id}")));
    }

    [Fact]
    public async Task ADraftChangedByAnotherEditor_IsNotOverwritten_AndTheTextIsKept()
    {
        var first = await site.SignedInClientAsync("draft-first@example.org", Roles.Editor);
        var second = await site.SignedInClientAsync("draft-second@example.org", Roles.Editor);
        var compose = await first.GetDocumentAsync("/admin/newsletters/new");
        using var created = await first.SubmitAsync(compose, "form#newsletter-form", new Dictionary<string, string> { ["Form.Subject"] = "Draft", ["Form.BodyMarkdown"] = "One." });
        var edit = created.Headers.Location!.OriginalString + "/edit";
        var firstPage = await first.GetDocumentAsync(edit);
        var secondPage = await second.GetDocumentAsync(edit);

        using var saved = await first.SubmitAsync(firstPage, "form#newsletter-form", new Dictionary<string, string> { ["Form.Subject"] = "Draft", ["Form.BodyMarkdown"] = "First editor's text." });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        using var conflict = await second.SubmitAsync(secondPage, "form#newsletter-form", new Dictionary<string, string> { ["Form.Subject"] = "Draft", ["Form.BodyMarkdown"] = "Second editor's text." });

        var page = await Html.ParseAsync(conflict);
        Assert.Contains("Someone else changed this draft", page.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Second editor's text.", page.QuerySelector("#Form_BodyMarkdown")!.TextContent.Trim());
        var details = await first.GetDocumentAsync(created.Headers.Location!.OriginalString);
        Assert.Contains("First editor's text.", details.QuerySelector(".mail-preview")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANewsletterOfAnArticleWithACover_ShowsTheCover_AndTheMailCarriesTheMarkInside()
    {
        var articleId = await site.AddArticleAsync("Covered article", DateTimeOffset.UtcNow.AddDays(-1), slug: "covered-article");
        using var jpeg = new MemoryStream(Jpeg(2000, 1000));
        var cover = (await site.Services.GetRequiredService<CoverImageStore>().SaveAsync(jpeg, jpeg.Length, CancellationToken.None)).Value!;
        await site.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Id == articleId);
            (article.CoverImage, article.CoverImageAlt) = (cover, "Eight chairs in a circle");
            return await db.SaveChangesAsync();
        });
        var editor = await site.SignedInClientAsync("newsletter-cover@example.org", Roles.Editor);
        var compose = await editor.GetDocumentAsync("/admin/newsletters/new");
        using var saved = await editor.SubmitAsync(compose, "form#newsletter-form", new Dictionary<string, string> { ["Form.ArticleId"] = articleId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Form.Subject"] = "" });
        var details = await editor.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        using var test = await editor.SubmitAsync(details, "form[action$='/test']", new Dictionary<string, string>());

        var mail = await site.Mail.WaitForAsync("newsletter-cover@example.org");

        // The cover heads the article, as JPEG (mail clients may not show WebP) at the width that fills 552 px twice.
        var html = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(mail.HtmlBody!);
        var image = html.QuerySelectorAll("img").Single(i => i.GetAttribute("alt") == "Eight chairs in a circle");
        Assert.Equal($"https://localhost/media/covers/{cover[..32]}-1600.jpg", image.GetAttribute("src"));
        Assert.Equal(("552", "276"), (image.GetAttribute("width"), image.GetAttribute("height")));
        // The frame's mark travels inside the mail (no client has to fetch it), in the teal band with the name.
        var mark = html.QuerySelector($"img[src='cid:{EmailLayout.MarkContentId}']")!;
        Assert.Equal("", mark.GetAttribute("alt")); // the name beside it says it
        Assert.Contains("The American Balint Society", mark.ParentElement!.TextContent, StringComparison.Ordinal);
        var part = mail.BodyParts.OfType<MimeKit.MimePart>().Single(p => p.ContentId == EmailLayout.MarkContentId);
        Assert.Equal("image/png", part.ContentType.MimeType);
        // The plain-text part still reads as a letter: the article, no picture markup.
        Assert.Contains("Covered article", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("cid:", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", mail.TextBody, StringComparison.Ordinal);
    }

    private static byte[] Jpeg(int width, int height)
    {
        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
        surface.Canvas.Clear(SkiaSharp.SKColors.SteelBlue);
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    [Fact]
    public async Task AMessageWrittenInMarkdown_IsSanitized()
    {
        var admin = await site.SignedInClientAsync("newsletter-admin@example.org", Roles.Admin);
        var compose = await admin.GetDocumentAsync("/admin/newsletters/new");
        using var saved = await admin.SubmitAsync(compose, "form#newsletter-form", new Dictionary<string, string>
        {
            ["Form.Subject"] = "Spring meeting",
            ["Form.BodyMarkdown"] = "# Spring meeting\n\nJoin us. <script>alert(1)</script> [click](javascript:alert(1))",
        });
        var details = await admin.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        var preview = details.QuerySelector(".mail-preview")!;

        Assert.Equal("Spring meeting", preview.QuerySelector("h3")!.TextContent); // the mail's h2, one level below "Preview"
        Assert.Null(preview.QuerySelector("script"));
        Assert.DoesNotContain("javascript:", preview.InnerHtml, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>A newsletter to 1,000 subscribers, with the site stopped in the middle of sending and started again.</summary>
public sealed class NewsletterRestartTests
{
    [Fact]
    public async Task ANewsletterTo1000Subscribers_GoesToEachExactlyOnce_AcrossARestart()
    {
        var directory = TestSite.CreateTempDirectory();
        try
        {
            int id;
            await using (var first = NewSite(directory, batchInterval: "00:00:01"))
            {
                await TestNewsletters.AddConfirmedSubscribersAsync(first, Enumerable.Range(1, 1000).Select(i => $"reader{i:0000}@example.org"));
                id = await TestNewsletters.StartAsync(first, "Autumn news");

                // Stop the site part-way: some batches queued, not all.
                await Eventually.TrueAsync(() => first.WithDbAsync(db => db.Newsletters.AnyAsync(n => n.Id == id && n.QueuedCount >= 200)), TimeSpan.FromSeconds(30), "no batches queued");
                var queuedAtStop = await first.WithDbAsync(db => db.Newsletters.Where(n => n.Id == id).Select(n => n.QueuedCount).SingleAsync());
                Assert.InRange(queuedAtStop, 200, 600);
            }

            await using (var second = NewSite(directory, batchInterval: "00:00:00.100"))
            {
                _ = second.Services; // start it: the sender and the dispatcher carry on from the database
                await Eventually.TrueAsync(() => second.WithDbAsync(db => db.Newsletters.AnyAsync(n => n.Id == id && n.Status == NewsletterStatus.Sent)), TimeSpan.FromSeconds(60), "not finished after the restart");
                var category = MailingListEmails.NewsletterCategory(id);
                await Eventually.TrueAsync(() => second.WithDbAsync(db => db.OutboxMessages.Where(m => m.Category == category).AllAsync(m => m.Status == OutboxStatus.Sent)), TimeSpan.FromSeconds(120), "outbox not drained");

                var queued = await second.WithDbAsync(db => db.OutboxMessages.Where(m => m.Category == category).Select(m => m.ToAddress).ToListAsync());
                Assert.Equal(1000, queued.Count);
                Assert.Equal(1000, queued.Distinct(StringComparer.Ordinal).Count());
                var delivered = second.Mail.All().Where(m => m.Subject == "Autumn news").Select(m => m.To.Mailboxes.Single().Address).ToList();
                Assert.Equal(1000, delivered.Count);
                Assert.Equal(1000, delivered.Distinct(StringComparer.Ordinal).Count());
                Assert.Equal(1000, await second.WithDbAsync(db => db.Newsletters.Where(n => n.Id == id).Select(n => n.QueuedCount).SingleAsync()));
            }
        }
        finally
        {
            TestSite.DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Unsubscribing_WithdrawsNewsletterMailStillQueuedForTheAddress()
    {
        await using var site = new TestSite();
        site.Settings["Email:Dispatcher:Enabled"] = "false"; // the mail stays queued
        var tokens = new Dictionary<string, string>();
        await site.WithDbAsync(async db =>
        {
            foreach (var email in (List<string>)["queued-stays@example.org", "queued-leaves@example.org"])
            {
                tokens[email] = SubscriberAddress.NewToken();
                db.Subscribers.Add(new Subscriber
                {
                    Email = email,
                    AddressHash = SubscriberAddress.Hash(email),
                    Status = SubscriberStatus.Confirmed,
                    CreatedAt = DateTimeOffset.UtcNow,
                    UnsubscribeToken = tokens[email],
                });
            }

            await db.SaveChangesAsync();
        });
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var newsletters = scope.ServiceProvider.GetRequiredService<NewsletterService>();
            var staff = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "staff@example.org")], "test"));
            var draft = (await newsletters.SaveDraftAsync(0, new NewsletterForm { Subject = "Queued news", BodyMarkdown = "Hello." }, staff, new Uri("https://localhost/"), CancellationToken.None))!.Value!;
            await newsletters.StartSendingAsync(draft.Id, draft.Version, staff, CancellationToken.None);
        }

        await Eventually.TrueAsync(() => site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Subject == "Queued news").ContinueWith(t => t.Result == 2)), TimeSpan.FromSeconds(15), "not queued");
        using var response = await site.OneClickUnsubscribeAsync($"/mailing-list/unsubscribe/{tokens["queued-leaves@example.org"]}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var queued = await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Subject == "Queued news").Select(m => m.ToAddress).ToListAsync());
        Assert.Equal(["queued-stays@example.org"], queued);
    }

    /// <summary>The first site sends slowly (50 a second), so it is surely stopped half-way; the second at full speed.</summary>
    private static TestSite NewSite(string directory, string batchInterval)
    {
        var site = new TestSite { Directory = directory };
        site.Settings["MailingList:Sending:BatchSize"] = "50";
        site.Settings["MailingList:Sending:BatchInterval"] = batchInterval;
        return site;
    }

    [Fact]
    public async Task ASendWithoutTheConfirmationStep_OrAfterTheListChanged_AsksAgain_AndSendsNothing()
    {
        await using var site = new MailingListSite();
        await site.SubscribeAsync(site.CreateBrowserClient(), "confirm-reader@example.org");
        var editor = await site.SignedInClientAsync("confirm-editor@example.org", Roles.Editor);
        var compose = await editor.GetDocumentAsync("/admin/newsletters/new");
        using var saved = await editor.SubmitAsync(compose, "form#newsletter-form", new Dictionary<string, string>
        {
            ["Form.Subject"] = "Spring meeting",
            ["Form.BodyMarkdown"] = "Join us in April.",
        });
        var path = saved.Headers.Location!.OriginalString;
        var confirm = await editor.GetDocumentAsync(path + "/send");

        // A post that skips the page (no number of recipients) gets the page.
        var token = confirm.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var skipped = await editor.PostAsync(new Uri(path + "/send", UriKind.Relative), new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("version", confirm.QuerySelector("input[name=version]")!.GetAttribute("value")!)]));
        Assert.Equal(HttpStatusCode.Conflict, skipped.StatusCode);
        Assert.Equal("Send “Spring meeting” to 1 confirmed subscriber?", (await Html.ParseAsync(skipped)).QuerySelector("h1")!.TextContent);

        // Someone joins while the page is open: the number shown is no longer true.
        await site.SubscribeAsync(site.CreateBrowserClient(), "late-reader@example.org");
        using var stale = await editor.SubmitAsync(confirm, "form#send-newsletter", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var again = await Html.ParseAsync(stale);
        Assert.Contains("it is now 2", again.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.True(await site.WithDbAsync(db => db.Newsletters.AnyAsync(n => n.Subject == "Spring meeting" && n.Status == NewsletterStatus.Draft)));

        using var sent = await editor.SubmitAsync(again, "form#send-newsletter", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.False(await site.WithDbAsync(db => db.Newsletters.AnyAsync(n => n.Subject == "Spring meeting" && n.Status == NewsletterStatus.Draft)));
    }
}
