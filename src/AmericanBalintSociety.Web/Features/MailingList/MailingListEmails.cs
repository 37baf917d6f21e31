using System.Net;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>
/// The mailing list's mails. A confirmation is not a list mail (it carries no news, only the link); the welcome and every
/// newsletter are, so they get RFC 8058 one-click unsubscribe headers, a plain-text part and a footer with the
/// society's postal address and an unsubscribe link.
/// </summary>
public sealed class MailingListEmails(EmailOutbox outbox, Organization organization, IOptions<MailingListOptions> options)
{
    public const string Category = "mailing-list";

    public static Uri ConfirmLink(Uri siteBase, string token) => new(siteBase, $"mailing-list/confirm/{Uri.EscapeDataString(token)}");

    public static Uri UnsubscribeLink(Uri siteBase, string token) => new(siteBase, $"mailing-list/unsubscribe/{Uri.EscapeDataString(token)}");

    public static string NewsletterCategory(int newsletterId) => $"newsletter:{newsletterId}";

    /// <summary>
    /// The double opt-in mail: only the link, nothing else. Not even the name typed on the form: the form can send this
    /// mail to any address, so nothing a stranger typed may appear in it.
    /// </summary>
    public void Confirmation(string to, Uri confirmLink, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(confirmLink);
        var body = $"""
            <p>Hello,</p>
            <p>Someone, probably you, asked to add this address to {Encode(organization.InSentence)}'s mailing list.
            To confirm, open this link and press "Confirm":</p>
            <p><a href="{Encode(confirmLink.AbsoluteUri)}">Confirm my subscription</a></p>
            <p>The link works for {lifetime.TotalDays:0} days. If you did not ask, ignore this mail: without confirmation
            nothing will be sent to you.</p>
            """;
        outbox.Enqueue(new EmailMessage(to, "Please confirm your subscription", Frame("Please confirm your subscription", body), EmailLayout.ToPlainText(body))
        {
            Category = Category,
        });
    }

    /// <summary>Someone asked to join with an address that is already on the list: tell its owner, not the form.</summary>
    public void AlreadySubscribed(Subscriber subscriber, Uri siteBase)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        Enqueue(subscriber, siteBase, "You are already on our mailing list",
            $"""
            <p>{Greeting(subscriber.Name)}</p>
            <p>Someone, probably you, asked to add this address to {Encode(organization.InSentence)}'s mailing list.
            It is already on it, so nothing has changed.</p>
            """, Category);
    }

    public void Welcome(Subscriber subscriber, Uri siteBase)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(siteBase);
        Enqueue(subscriber, siteBase, "Welcome to the American Balint Society's mailing list",
            $"""
            <p>{Greeting(subscriber.Name)}</p>
            <p>Thank you for joining {Encode(organization.InSentence)}'s mailing list. We will write a few times a year
            about Balint groups, meetings, training and the society's news.</p>
            <p>Meanwhile, <a href="{Encode(new Uri(siteBase, "news").AbsoluteUri)}">our news</a> is on the website.</p>
            """, Category);
    }

    /// <summary>A newsletter to one subscriber, with their own unsubscribe link.</summary>
    public void Newsletter(Subscriber subscriber, Uri siteBase, string subject, string bodyHtml, int newsletterId) =>
        Enqueue(subscriber, siteBase, subject, bodyHtml, NewsletterCategory(newsletterId));

    /// <summary>A staff member's test copy: the real mail, addressed to them, with a sample unsubscribe link.</summary>
    public void NewsletterTest(string to, string? name, Uri siteBase, string subject, string bodyHtml, int newsletterId) =>
        EnqueueList(to, name, "test", siteBase, "[Test] " + subject, bodyHtml, NewsletterCategory(newsletterId) + ":test");

    private void Enqueue(Subscriber subscriber, Uri siteBase, string subject, string bodyHtml, string category)
    {
        var token = subscriber.UnsubscribeToken ?? throw new InvalidOperationException("A list mail needs the subscriber's unsubscribe token.");
        EnqueueList(subscriber.Email ?? throw new InvalidOperationException("The subscriber was removed."), subscriber.Name, token, siteBase, subject, bodyHtml, category);
    }

    private void EnqueueList(string to, string? name, string unsubscribeToken, Uri siteBase, string subject, string bodyHtml, string category)
    {
        var unsubscribe = UnsubscribeLink(siteBase, unsubscribeToken).AbsoluteUri;
        var footer = $"""
            <hr>
            <p style="font-size:13px;color:#4a5a63;">You receive this because you joined {Encode(organization.InSentence)}'s mailing list.
            <a href="{Encode(unsubscribe)}">Unsubscribe</a> with one click at any time.</p>
            <p style="font-size:13px;color:#4a5a63;">{Encode(options.Value.PostalAddress)}</p>
            """;
        var host = siteBase.Host;
        outbox.Enqueue(new EmailMessage(to, subject, Frame(subject, bodyHtml + footer), EmailLayout.ToPlainText(bodyHtml + footer))
        {
            ToName = name,
            Category = category,
            Headers = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                // RFC 8058: mail providers POST "List-Unsubscribe=One-Click" to the https address, no sign-in, no page.
                ["List-Unsubscribe"] = $"<{unsubscribe}>",
                ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
                ["List-Id"] = $"{organization.Name} news <news.{host}>",
            },
        });
    }

    private string Frame(string subject, string body) => EmailLayout.Html(subject, body, organization.Name);

    private static string Greeting(string? name) => string.IsNullOrWhiteSpace(name) ? "Hello," : $"Dear {Encode(name)},";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
