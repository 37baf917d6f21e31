using AmericanBalintSociety.Web.Features.Email;
using MimeKit;

namespace AmericanBalintSociety.UnitTests;

public sealed class EmailTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(7, 1920)]
    [InlineData(8, 3600)]
    [InlineData(50, 3600)]
    public void RetryDelay_DoublesFromTheBaseUpToTheMaximum(int attempts, int expectedSeconds)
    {
        var settings = new OutboxDispatcherOptions { RetryBaseDelay = TimeSpan.FromSeconds(30), RetryMaxDelay = TimeSpan.FromHours(1) };

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), OutboxProcessor.RetryDelay(attempts, settings));
    }

    [Fact]
    public void ToPlainText_KeepsLinkTargetsAndDecodesEntities()
    {
        var text = EmailLayout.ToPlainText(
            "Please confirm your account by <a href='https://example.org/confirm?a=1&amp;b=2'>clicking here</a>.<br>Thanks &amp; welcome");

        Assert.Equal("Please confirm your account by clicking here (https://example.org/confirm?a=1&b=2).\nThanks & welcome\n", text);
    }

    [Fact]
    public void ToPlainText_DropsTags()
    {
        Assert.Equal("Hello reader\n\nBye\n", EmailLayout.ToPlainText("<p>Hello <strong>reader</strong></p>\n\n\n<p>Bye</p>"));
    }

    [Fact]
    public void Html_EncodesTheTitleAndOrganization()
    {
        var html = EmailLayout.Html("<script>", "<p>ok</p>", "A & B");

        Assert.Contains("<title>&lt;script&gt;</title>", html, StringComparison.Ordinal);
        Assert.Contains("A &amp; B", html, StringComparison.Ordinal);
        Assert.Contains("<p>ok</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void MimeMessage_HasBothPartsTheStoredIdAndTheExtraHeaders()
    {
        var stored = new OutboxMessage
        {
            Id = Guid.NewGuid(),
            MessageId = "abc123@americanbalintsociety.org",
            ToAddress = "reader@example.org",
            ToName = "Reader",
            Subject = "Subject",
            HtmlBody = "<p>Hi</p>",
            TextBody = "Hi",
            HeadersJson = """{"List-Unsubscribe":"<https://example.org/u>","List-Unsubscribe-Post":"List-Unsubscribe=One-Click"}""",
            CreatedAt = new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero),
        };

        var mime = MimeMessageFactory.Create(stored, new EmailOptions { FromAddress = "news@example.org", FromName = "ABS" });

        Assert.Equal("abc123@americanbalintsociety.org", mime.MessageId);
        Assert.Equal("ABS", ((MailboxAddress)mime.From[0]).Name);
        Assert.Equal("news@example.org", ((MailboxAddress)mime.From[0]).Address);
        Assert.Equal("Reader", mime.To.Mailboxes.Single().Name);
        Assert.Equal("Hi", mime.TextBody);
        Assert.Equal("<p>Hi</p>", mime.HtmlBody);
        Assert.Equal("List-Unsubscribe=One-Click", mime.Headers["List-Unsubscribe-Post"]);
        Assert.Equal(stored.CreatedAt, mime.Date);
    }
}
