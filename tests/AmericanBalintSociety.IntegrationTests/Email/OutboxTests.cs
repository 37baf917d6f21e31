using System.Collections.Concurrent;
using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace AmericanBalintSociety.IntegrationTests.Email;

public sealed class OutboxTests
{
    [Fact]
    public async Task RegistrationWhileTheSmtpServerIsDown_Succeeds_AndTheMailGoesOutWhenItIsBack()
    {
        var port = SmtpTestServer.FreePort();
        await using var site = new TestSite
        {
            Settings =
            {
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:Security"] = "None",
                ["Email:Smtp:Timeout"] = "00:00:05",
            },
        };
        var client = site.CreateBrowserClient();

        // Nothing listens on the port: the request must still succeed.
        var form = await client.GetDocumentAsync("/Identity/Account/Register");
        using var registered = await client.SubmitAsync(form, "form#registerForm", new Dictionary<string, string>
        {
            ["Input.Name"] = "New Member",
            ["Input.Email"] = "newmember@example.org",
            ["Input.Password"] = "a good long password",
            ["Input.ConfirmPassword"] = "a good long password",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Contains("RegisterConfirmation", registered.Headers.Location!.ToString(), StringComparison.Ordinal);

        // The dispatcher tries, fails, and keeps the mail for later.
        await Eventually.TrueAsync(
            () => site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "newmember@example.org" && m.Attempts >= 1 && m.Status == OutboxStatus.Pending)),
            TimeSpan.FromSeconds(20), "the failed attempt was not recorded");

        await using var smtp = new SmtpTestServer(port);
        await smtp.StartAsync();

        var mail = await smtp.WaitForAsync("newmember@example.org", TimeSpan.FromSeconds(30));
        Assert.Equal("Confirm your email address", mail.Subject);
        Assert.Contains("Identity/Account/ConfirmEmail", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Identity/Account/ConfirmEmail", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("no-reply@americanbalintsociety.org", ((MailboxAddress)mail.From[0]).Address);

        await Eventually.TrueAsync(
            () => site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "newmember@example.org" && m.Status == OutboxStatus.Sent)),
            TimeSpan.FromSeconds(10), "the mail was not marked sent");
        await Task.Delay(TimeSpan.FromSeconds(1)); // several more dispatcher passes
        Assert.Single(smtp.Received, m => m.To.Mailboxes.Any(a => a.Address == "newmember@example.org"));
    }

    [Fact]
    public async Task WithoutAnSmtpHost_MailIsWrittenToThePickupFolderWithBothPartsAndItsHeaders()
    {
        await using var site = new TestSite();
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendAsync(
                new EmailMessage("reader@example.org", "Hello", "<p>Hello <strong>reader</strong></p>", "Hello reader\n")
                {
                    ToName = "A Reader",
                    Headers = new Dictionary<string, string> { ["List-Unsubscribe"] = "<https://example.org/u/1>" },
                    Category = "test",
                },
                CancellationToken.None);
        }

        var mail = await site.Mail.WaitForAsync("reader@example.org");

        Assert.Equal("Hello", mail.Subject);
        Assert.Equal("The American Balint Society", ((MailboxAddress)mail.From[0]).Name);
        Assert.Equal("A Reader", mail.To.Mailboxes.Single().Name);
        Assert.Equal("Hello reader\n", mail.TextBody!.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Contains("<strong>reader</strong>", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Equal("<https://example.org/u/1>", mail.Headers["List-Unsubscribe"]);
        Assert.Equal("alternative", Assert.IsType<MultipartAlternative>(mail.Body).ContentType.MediaSubtype);
    }

    [Fact]
    public async Task MailQueuedBeforeARestart_IsSentAfterIt()
    {
        var folder = TestSite.CreateTempDirectory();
        await using (var first = new TestSite { Directory = folder, Settings = { ["Email:Dispatcher:Enabled"] = "false" } })
        {
            await using var scope = first.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendAsync(
                new EmailMessage("later@example.org", "Queued", "<p>Queued</p>", "Queued"), CancellationToken.None);
            Assert.Empty(first.Mail.All());
        }

        await using var second = new TestSite { Directory = folder, DeletesDirectory = true };
        _ = second.Server;

        var mail = await second.Mail.WaitForAsync("later@example.org");
        Assert.Equal("Queued", mail.Subject);
    }

    [Fact]
    public async Task SeveralDispatchersAtOnce_SendEachMessageExactlyOnce()
    {
        var transport = new CountingTransport();
        await using var site = new TestSite
        {
            Settings = { ["Email:Dispatcher:Enabled"] = "false", ["Email:Dispatcher:BatchSize"] = "100" },
            TestServices = services => services.AddSingleton<IEmailTransport>(transport),
        };
        await site.WithDbAsync(async db =>
        {
            await using var scope = site.Services.CreateAsyncScope();
            var outbox = scope.ServiceProvider.GetRequiredService<EmailOutbox>();
            for (var i = 0; i < 60; i++)
            {
                outbox.Enqueue(new EmailMessage($"member{i}@example.org", $"Message {i}", "<p>x</p>", "x"));
            }

            await scope.ServiceProvider.GetRequiredService<Web.Data.AppDbContext>().SaveChangesAsync();
        });

        var passes = Enumerable.Range(0, 3).Select(async _ =>
        {
            await using var scope = site.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessDueAsync(CancellationToken.None);
        });
        var sentPerPass = await Task.WhenAll(passes);

        Assert.Equal(60, sentPerPass.Sum());
        Assert.Equal(60, transport.Sent.Count);
        Assert.Equal(60, transport.Sent.Select(m => m.MessageId).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(60, await site.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Sent)));

        // A later pass finds nothing left to send.
        await using var again = site.Services.CreateAsyncScope();
        Assert.Equal(0, await again.ServiceProvider.GetRequiredService<OutboxProcessor>().ProcessDueAsync(CancellationToken.None));
        Assert.Equal(60, transport.Sent.Count);
    }

    [Fact]
    public async Task AMessageThatKeepsFailing_IsRetriedWithBackoffThenMarkedFailed()
    {
        var transport = new CountingTransport { Fail = true };
        await using var site = new TestSite
        {
            Settings = { ["Email:Dispatcher:MaxAttempts"] = "3" },
            TestServices = services => services.AddSingleton<IEmailTransport>(transport),
        };
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EmailOutbox>().SendAsync(
                new EmailMessage("bounce@example.org", "Never", "<p>x</p>", "x"), CancellationToken.None);
        }

        await Eventually.TrueAsync(
            () => site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.Status == OutboxStatus.Failed)),
            TimeSpan.FromSeconds(20), "the message was not given up on");

        var message = await site.WithDbAsync(db => db.OutboxMessages.SingleAsync());
        Assert.Equal(3, message.Attempts);
        Assert.Contains("relay refused", message.LastError, StringComparison.Ordinal);
        Assert.Null(message.SentAt);
        Assert.Equal(3, transport.Attempts);
    }

    private sealed class CountingTransport : IEmailTransport
    {
        private int _attempts;

        public bool Fail { get; init; }

        public ConcurrentBag<MimeMessage> Sent { get; } = [];

        public int Attempts => _attempts;

        public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            await Task.Delay(5, cancellationToken); // long enough for passes to overlap
            if (Fail)
            {
                throw new InvalidOperationException("relay refused the message");
            }

            Sent.Add(message);
        }
    }
}
