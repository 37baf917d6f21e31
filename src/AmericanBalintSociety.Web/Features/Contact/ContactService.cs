using System.Net;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>
/// Takes a visitor's message: stores it and, in the same transaction, queues one mail to the topic's recipients with
/// the visitor's address as Reply-To. Nothing goes to the visitor's address (the form must not send mail to strangers),
/// and nothing the visitor typed reaches a header except the checked address and the one-line name.
/// </summary>
public sealed class ContactService(
    AppDbContext db, EmailOutbox outbox, IOptions<ContactOptions> options, Organization organization, SiteTime siteTime, TimeProvider clock,
    ILogger<ContactService> logger)
{
    public async Task<int> ReceiveAsync(ContactForm form, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(siteBase);
        var topic = form.Topic ?? ContactTopic.General;
        var message = new ContactMessage
        {
            ReceivedAt = clock.GetUtcNow(),
            Name = OneLine(form.Name),
            Email = form.Email.Trim(),
            NormalizedEmail = ContactMessage.Normalize(form.Email),
            Topic = topic,
            Message = form.Message.Trim(),
            Status = ContactMessageStatus.New,
        };
        db.ContactMessages.Add(message);

        var recipients = options.Value.RecipientsFor(topic);
        if (recipients.Count == 0)
        {
            logger.LogWarning("Contact message stored but not mailed: Contact:Recipients has no address for {Topic} and no Default", topic);
        }
        else
        {
            // One mail, to the first recipient, the others in Cc: one outbox row (deleted with the message) and one
            // thread for whoever answers.
            var adminLink = new Uri(siteBase, "/admin/messages");
            var subject = $"Contact form ({Display.Of(topic)}): {Shorten(message.Name, 60)}";
            var body = BodyHtml(message, adminLink);
            var queued = outbox.Enqueue(new EmailMessage(recipients[0], subject, EmailLayout.Html(subject, body, organization.Name), EmailLayout.ToPlainText(body))
            {
                Headers = Headers(message.Email, recipients),
                Category = "contact",
            });
            message.OutboxMessageId = queued.Id;
        }

        await db.SaveChangesAsync(cancellationToken);
        return message.Id;
    }

    /// <summary>Reply-To the visitor (a checked address, no line breaks possible), and Cc the topic's other recipients.</summary>
    private static Dictionary<string, string> Headers(string replyTo, IReadOnlyList<string> recipients)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["Reply-To"] = replyTo };
        if (recipients.Count > 1)
        {
            headers["Cc"] = string.Join(", ", recipients.Skip(1));
        }

        return headers;
    }

    private string BodyHtml(ContactMessage message, Uri adminLink)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var paragraphs = string.Concat(message.Message.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(p => $"<p>{E(p).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"));
        return $"""
            <p>A message came through the contact form of {E(organization.InSentence)}.</p>
            <p>From: {E(message.Name)} &lt;{E(message.Email)}&gt;<br>
            Topic: {E(Display.Of(message.Topic))}<br>
            Received: {E(siteTime.DateAndTime(message.ReceivedAt))}</p>
            {paragraphs}
            <p>Reply to this mail to answer {E(message.Name)} directly. <a href="{E(adminLink.ToString())}">Mark the message answered or spam</a>.</p>
            """;
    }

    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Shorten(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}
