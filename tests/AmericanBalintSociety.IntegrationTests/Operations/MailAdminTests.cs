using System.Globalization;
using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>
/// Mail an operator can see and fix (issue 18): with the mail server down, mails fail and show on /admin/mail with the
/// last error; once it is back, "Send now" delivers one, "Cancel all failed" stops the rest; account mail's text is
/// never shown; the dashboard says mail failed; Admins only.
/// </summary>
public sealed class MailAdminTests
{
    [Fact]
    public async Task FailedMail_IsListedWithItsError_SentAgainOnceTheServerIsBack_OrCancelled()
    {
        var port = SmtpTestServer.FreePort();
        await using var site = new TestSite
        {
            Settings =
            {
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "None",
                ["Email:Smtp:Timeout"] = "00:00:05",
                ["Email:Dispatcher:MaxAttempts"] = "2",
            },
        };
        var admin = await site.SignedInClientAsync("mail-admin@example.org", Roles.Admin);
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            await outbox.SendAsync(new EmailMessage("donor@example.org", "Your receipt", "<p>Thank you, donor.</p>", "Thank you, donor.\n") { Category = "gift" }, CancellationToken.None);
            await outbox.SendAsync(new EmailMessage("member@example.org", "Reset your password", "<p>https://localhost/reset?code=SECRET</p>", "https://localhost/reset?code=SECRET\n")
            {
                Category = "account",
            }, CancellationToken.None);
        }

        await Eventually.TrueAsync(() => site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Failed && m.ToAddress != "mail-admin@example.org")).ContinueWith(t => t.Result == 2),
            TimeSpan.FromSeconds(30), "the mails did not fail");

        var dashboard = await admin.GetDocumentAsync("/admin");
        Assert.Contains("failed to send", dashboard.QuerySelector("#mail-problem")!.TextContent, StringComparison.Ordinal);

        var list = await admin.GetDocumentAsync("/admin/mail");
        var rows = list.QuerySelectorAll("#mail-list tbody tr").ToDictionary(r => r.Children[0].TextContent, r => r);
        Assert.Equal("2", rows["donor@example.org"].Children[3].TextContent);
        Assert.False(string.IsNullOrWhiteSpace(rows["donor@example.org"].Children[4].TextContent)); // the last error, e.g. connection refused

        var accountMail = await admin.GetDocumentAsync(rows["member@example.org"].QuerySelector("a")!.GetAttribute("href")!);
        Assert.NotNull(accountMail.QuerySelector("#mail-body-hidden"));
        Assert.DoesNotContain("SECRET", accountMail.DocumentElement.OuterHtml, StringComparison.Ordinal);
        var giftMail = await admin.GetDocumentAsync(rows["donor@example.org"].QuerySelector("a")!.GetAttribute("href")!);
        Assert.Equal("Thank you, donor.\n", giftMail.QuerySelector("#mail-body")!.TextContent);

        // The server is back: one mail sent now, the other cancelled with the rest of the failed ones.
        await using var smtp = new SmtpTestServer(port);
        await smtp.StartAsync();
        using (var retried = await admin.SubmitAsync(list, $"form[action='/admin/mail/{Id(rows["donor@example.org"])}/retry']", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, retried.StatusCode);
        }

        Assert.Equal("Your receipt", (await smtp.WaitForAsync("donor@example.org", TimeSpan.FromSeconds(20))).Subject);
        list = await admin.GetDocumentAsync("/admin/mail");
        using (await admin.SubmitAsync(list, "form[action='/admin/mail/failed/cancel']", new Dictionary<string, string>()))
        {
        }

        Assert.Equal(OutboxStatus.Cancelled, await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == "member@example.org").Select(m => m.Status).SingleAsync()));
        await Task.Delay(500);
        Assert.DoesNotContain(smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == "member@example.org"));
        Assert.Equal(["mail.cancelled", "mail.retried"], await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == "mail").Select(e => e.Action).OrderBy(a => a).ToListAsync()));
        Assert.Equal("No failed mail.", (await admin.GetDocumentAsync("/admin/mail")).QuerySelector("#mail-empty")!.TextContent);

        var editor = await site.SignedInClientAsync("mail-editor@example.org", Roles.Editor);
        using var forbidden = await editor.GetAsync(new Uri("/admin/mail", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    /// <summary>
    /// A mail a dispatcher holds (on this or another instance) is being sent: "Send now" would free it for a second
    /// dispatcher and send it twice, and "Cancel" would be overwritten when the attempt records its outcome.
    /// </summary>
    [Fact]
    public async Task AMailBeingSent_IsNeitherFreedNorCancelled_UntilItsAttemptEnds()
    {
        await using var site = new TestSite();
        var admin = await site.SignedInClientAsync("mail-watcher@example.org", Roles.Admin);
        var heldUntil = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()); // whole seconds: stored to a tenth of a millisecond
        var held = Mail("held@example.org", OutboxStatus.Pending, DateTimeOffset.UtcNow, attempts: 1);
        held.LockedUntil = heldUntil; // as a dispatcher's claim leaves it
        var id = held.Id;
        await site.WithDbAsync(db =>
        {
            db.OutboxMessages.Add(held);
            return db.SaveChangesAsync();
        });

        foreach (var action in new[] { "retry", "cancel" })
        {
            var page = await admin.GetDocumentAsync($"/admin/mail/{id}");
            using var answer = await admin.SubmitAsync(page, $"form[action='/admin/mail/{id}/{action}']", new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            var list = await admin.GetDocumentAsync(answer.Headers.Location!.OriginalString);
            Assert.Equal( // the claim was taken for 5 minutes a moment ago
                "A dispatcher is sending that mail, or stopped while sending it, and holds it for up to 5 more minutes. Nothing was changed; try again after that.",
                list.QuerySelector("p.alert[role=alert]")!.TextContent);
        }

        var row = await site.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Id == id));
        Assert.Equal((OutboxStatus.Pending, 1, heldUntil), (row.Status, row.Attempts, row.LockedUntil));
        Assert.Empty(await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == "mail").ToListAsync()));
    }

    [Fact]
    public async Task SentMail_LosesItsText_AfterKeepMailTextDays_AndKeepsItsRecord()
    {
        await using var site = new ClockedTestSite { Settings = { ["Email:KeepMailTextDays"] = "10" } };
        var admin = await site.SignedInClientAsync("mail-keeper@example.org", Roles.Admin);
        async Task WaitUntilSentAsync(string to)
        {
            await site.Mail.WaitForAsync(to);
            await Eventually.TrueAsync( // the file is written before the row says so
                () => site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == to && m.Status == OutboxStatus.Sent)), TimeSpan.FromSeconds(10), $"the mail to {to} is recorded as sent");
        }

        async Task<Guid> SendAsync(string to, string text, Dictionary<string, string>? headers = null)
        {
            await using (var scope = site.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendAsync(
                    new EmailMessage(to, $"For {to}", $"<p>{text}</p>", text + "\n") { Category = "gift", Headers = headers }, CancellationToken.None);
            }

            await WaitUntilSentAsync(to);
            return await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.ToAddress == to).Select(m => m.Id).SingleAsync());
        }

        async Task<Guid> AddAsync(string[] to, OutboxStatus status, TimeSpan dueAgo)
        {
            var due = site.Clock.GetUtcNow() - dueAgo;
            var mails = to.Select(address => Mail(address, status, due, attempts: status == OutboxStatus.Failed ? 12 : 0)).ToList();
            await site.WithDbAsync(db =>
            {
                db.OutboxMessages.AddRange(mails);
                return db.SaveChangesAsync();
            });
            return mails[0].Id;
        }

        // Day 0: one mail sent through the outbox, and a backlog of 500 more sent the same day (two batches in all).
        var old = await SendAsync("old@example.org", "https://localhost/download?code=OLDSECRET", new() { ["List-Unsubscribe"] = "<https://localhost/unsubscribe?t=OLD>" });
        var oldSentAt = await site.WithDbAsync(db => db.OutboxMessages.Where(m => m.Id == old).Select(m => m.SentAt).SingleAsync());
        await AddAsync([.. Enumerable.Range(0, MailRetention.BatchSize).Select(i => $"backlog-{i}@example.org")], OutboxStatus.Sent, TimeSpan.Zero);

        // Day 6: a mail sent now; two that failed on day 0 (staff cancel one of them now); one due on day -1 that goes
        // only now (the dispatcher was down).
        site.Clock.Advance(TimeSpan.FromDays(6));
        var recent = await SendAsync("recent@example.org", "Thank you, recent donor.");
        var failed = await AddAsync(["failed@example.org"], OutboxStatus.Failed, TimeSpan.FromDays(6));
        var cancelled = await AddAsync(["cancelled@example.org"], OutboxStatus.Failed, TimeSpan.FromDays(6));
        var page = await admin.GetDocumentAsync($"/admin/mail/{cancelled}");
        using (var cancel = await admin.SubmitAsync(page, $"form[action='/admin/mail/{cancelled}/cancel']", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, cancel.StatusCode);
        }

        var late = await AddAsync(["late@example.org"], OutboxStatus.Pending, TimeSpan.FromDays(7));
        await WaitUntilSentAsync("late@example.org");

        // Day 12: the day-0 mails are past the 10 days kept; the rest are not (and the admin's sign-in, 14 days, holds).
        site.Clock.Advance(TimeSpan.FromDays(6));
        var nudges = 0;
        await Eventually.TrueAsync(
            async () =>
            {
                if (nudges++ < 24)
                {
                    site.Clock.Advance(TimeSpan.FromHours(1)); // the hourly job wakes up, whenever it set its last timer
                }

                return await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => (m.Id == old || m.ToAddress.StartsWith("backlog-")) && m.TextBody == "")) == 501;
            },
            TimeSpan.FromSeconds(10), "the 501 old mails' text is emptied");

        var rows = await site.WithDbAsync(db => db.OutboxMessages.Where(m => new[] { old, recent, failed, cancelled, late }.Contains(m.Id)).ToDictionaryAsync(m => m.Id));
        Assert.Equal(("", "", null), (rows[old].HtmlBody, rows[old].TextBody, rows[old].HeadersJson));
        Assert.Equal(("For old@example.org", OutboxStatus.Sent, oldSentAt), (rows[old].Subject, rows[old].Status, rows[old].SentAt)); // the record stays
        Assert.Equal("Thank you, recent donor.\n", rows[recent].TextBody);
        Assert.Equal(("Still wanted.\n", OutboxStatus.Failed), (rows[failed].TextBody, rows[failed].Status)); // staff may still send it
        Assert.Equal(("Still wanted.\n", OutboxStatus.Cancelled), (rows[cancelled].TextBody, rows[cancelled].Status)); // counted from the cancel
        Assert.Equal(("Still wanted.\n", OutboxStatus.Sent), (rows[late].TextBody, rows[late].Status)); // counted from when it went

        var oldPage = await admin.GetDocumentAsync($"/admin/mail/{old}");
        Assert.Contains("no longer kept: the site keeps the text of sent and cancelled mail for 10 days", oldPage.QuerySelector("#mail-body-gone")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("For old@example.org", oldPage.QuerySelector("#mail-facts")!.TextContent, StringComparison.Ordinal);
        var recentPage = await admin.GetDocumentAsync($"/admin/mail/{recent}");
        Assert.Equal("Thank you, recent donor.\n", recentPage.QuerySelector("#mail-body")!.TextContent);
        Assert.Null(recentPage.QuerySelector("#mail-body-gone"));
    }

    /// <summary>A gift receipt's row as the outbox stores it, due at <paramref name="due"/> (and sent then, when Sent).</summary>
    private static OutboxMessage Mail(string to, OutboxStatus status, DateTimeOffset due, int attempts)
    {
        var id = Guid.NewGuid();
        return new OutboxMessage
        {
            Id = id,
            MessageId = $"<{id}@test>",
            ToAddress = to,
            Subject = $"For {to}",
            HtmlBody = "<p>Still wanted.</p>",
            TextBody = "Still wanted.\n",
            Category = "gift",
            Status = status,
            Attempts = attempts,
            CreatedAt = due,
            NextAttemptAt = due,
            SentAt = status == OutboxStatus.Sent ? due : null,
        };
    }

    private static string Id(AngleSharp.Dom.IElement row) => row.QuerySelector("a")!.GetAttribute("href")!.Split('/').Last();
}
