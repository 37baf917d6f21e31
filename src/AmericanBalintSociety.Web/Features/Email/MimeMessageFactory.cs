using System.Text.Json;
using AmericanBalintSociety.Web.Features.Shared;
using MimeKit;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Turns a stored <see cref="OutboxMessage"/> into the MIME message that goes out.</summary>
public static class MimeMessageFactory
{
    /// <summary>The mark for the mail frame's teal band: 72 px, shown at 36 (sharp on high-density screens), about 2 KB.</summary>
    private static readonly Lazy<byte[]> MarkPng = new(() => SocietyMark.Png(72, SocietyMark.Ground.Ring));

    public static MimeMessage Create(OutboxMessage message, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);

        var mime = new MimeMessage
        {
            MessageId = message.MessageId,
            Date = message.CreatedAt,
            Subject = message.Subject,
        };
        mime.From.Add(new MailboxAddress(options.FromName, options.FromAddress));
        mime.To.Add(new MailboxAddress(message.ToName ?? "", message.ToAddress));

        if (message.HeadersJson is not null)
        {
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(message.HeadersJson) ?? [];
            foreach (var (name, value) in headers)
            {
                mime.Headers.Add(name, value);
            }
        }

        // multipart/alternative: plain text first, HTML last (the part mail clients prefer).
        // with the mark as a related part when the HTML shows it (every mail framed by EmailLayout.Html).
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        if (message.HtmlBody.Contains("cid:" + EmailLayout.MarkContentId, StringComparison.Ordinal))
        {
            var mark = body.LinkedResources.Add("mark.png", MarkPng.Value, new ContentType("image", "png"));
            mark.ContentId = EmailLayout.MarkContentId;
        }

        mime.Body = body.ToMessageBody();
        return mime;
    }
}
