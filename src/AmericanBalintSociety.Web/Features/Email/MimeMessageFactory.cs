using System.Text.Json;
using MimeKit;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Turns a stored <see cref="OutboxMessage"/> into the MIME message that goes out.</summary>
public static class MimeMessageFactory
{
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
        mime.Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody();
        return mime;
    }
}
