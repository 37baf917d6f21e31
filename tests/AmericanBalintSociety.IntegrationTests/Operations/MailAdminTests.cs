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

    private static string Id(AngleSharp.Dom.IElement row) => row.QuerySelector("a")!.GetAttribute("href")!.Split('/').Last();
}
