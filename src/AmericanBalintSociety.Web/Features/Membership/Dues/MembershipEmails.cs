using System.Net;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>Who a membership mail goes to, and what it is about.</summary>
/// <param name="Email">The member's address.</param>
/// <param name="Name">Their name, for the greeting; null: "Hello,".</param>
/// <param name="Level">The level's name.</param>
/// <param name="Through">The paid-through date (the end of the period paid).</param>
/// <param name="AutoRenew">Whether the dues renew by themselves.</param>
/// <param name="SiteBase">The site's address, for the link to the member's page.</param>
public sealed record MemberMailContext(string Email, string? Name, string Level, DateTimeOffset? Through, bool AutoRenew, Uri SiteBase);

/// <summary>
/// Membership's transactional mails (issue 16), queued in the outbox inside the transaction that caused them: not list
/// mail, so no unsubscribe link; each tells the member where their membership stands and links to their page.
/// </summary>
public sealed class MembershipEmails(EmailOutbox outbox, Organization organization, SiteTime time)
{
    public const string Category = "membership";
    public const string AccountPath = "Identity/Account/Manage/Membership";

    /// <summary>The first payment of a join or rejoin: welcome, with the receipt.</summary>
    public void Welcome(MemberMailContext member, MembershipPayment payment)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(payment);
        var subject = $"Welcome to {organization.InSentence}";
        Enqueue(member, subject,
            $"<p>{Greeting(member)}</p><p>Thank you for joining {Encode(organization.InSentence)}. You are now a member at the " +
            $"<strong>{Encode(member.Level)}</strong> level.</p>" + Receipt(payment) + Renewal(member) + AccountLink(member));
    }

    /// <summary>A renewal was paid (the card charged a year on, or the member renewed).</summary>
    public void Renewed(MemberMailContext member, MembershipPayment payment)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(payment);
        Enqueue(member, "Your membership is renewed",
            $"<p>{Greeting(member)}</p><p>Thank you: your <strong>{Encode(member.Level)}</strong> membership is renewed.</p>" +
            Receipt(payment) + Renewal(member) + AccountLink(member));
    }

    /// <summary>A renewal charge failed: Stripe tries again, and the member can update their card meanwhile.</summary>
    public void PaymentFailed(MemberMailContext member, long amountCents)
    {
        ArgumentNullException.ThrowIfNull(member);
        var link = new Uri(member.SiteBase, AccountPath).AbsoluteUri;
        Enqueue(member, "Your membership dues could not be charged",
            $"<p>{Greeting(member)}</p><p>We could not charge {Encode(Display.Money(amountCents))} for your " +
            $"<strong>{Encode(member.Level)}</strong> membership to your card. Your card may have expired or been replaced.</p>" +
            $"<p><a href=\"{Encode(link)}\">Update your payment card</a> on your membership page and the payment is tried again. " +
            "Your membership continues meanwhile.</p>");
    }

    /// <summary>The paid-through date is near (the sweep sends one about 30 days ahead and one about 7 days ahead).</summary>
    public void Reminder(MemberMailContext member, int daysLeft)
    {
        ArgumentNullException.ThrowIfNull(member);
        var date = Encode(time.Date(MembershipState.LastDay(member.Through!.Value)));
        var link = new Uri(member.SiteBase, AccountPath).AbsoluteUri;
        var body = member.AutoRenew
            ? $"<p>Your <strong>{Encode(member.Level)}</strong> membership renews automatically on {date}: your card will be charged the " +
              "annual dues then, and we will send you the receipt. Nothing else is needed from you.</p>" +
              $"<p>To change your card or turn automatic renewal off, visit <a href=\"{Encode(link)}\">your membership page</a>.</p>"
            : $"<p>Your <strong>{Encode(member.Level)}</strong> membership is paid through {date}, and it does not renew by itself.</p>" +
              $"<p><a href=\"{Encode(link)}\">Renew now</a> to stay a member: your membership page has the button.</p>";
        var when = daysLeft == 1 ? "tomorrow" : $"in {daysLeft} days";
        var subject = member.AutoRenew
            ? $"Your membership renews {when}"
            : $"Your membership ends {when}: renew now";
        Enqueue(member, subject, $"<p>{Greeting(member)}</p>" + body);
    }

    /// <summary>The grace period is over: the membership has lapsed; rejoining is one step.</summary>
    public void Lapsed(MemberMailContext member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var link = new Uri(member.SiteBase, "membership").AbsoluteUri;
        Enqueue(member, "Your membership has lapsed",
            $"<p>{Greeting(member)}</p><p>Your <strong>{Encode(member.Level)}</strong> membership of {Encode(organization.InSentence)} " +
            $"was paid through {Encode(time.Date(MembershipState.LastDay(member.Through!.Value)))} and has now lapsed.</p>" +
            $"<p>We would be glad to have you back: <a href=\"{Encode(link)}\">rejoin on our membership page</a>. Your account and everything in it are kept.</p>");
    }

    private string Receipt(MembershipPayment payment)
    {
        var receipt = payment.ReceiptUrl is null ? "" : $" <a href=\"{Encode(payment.ReceiptUrl)}\">View your receipt</a>.";
        return $"<p>We have received your annual dues of <strong>{Encode(Display.Money(payment.AmountCents))}</strong> on " +
               $"{Encode(time.Date(payment.PaidAt))}, for the year through {Encode(time.Date(MembershipState.LastDay(payment.PeriodEnd)))}.{receipt}</p>" +
               $"<p>{Encode(organization.Name)} is a 501(c)(3) nonprofit organization.</p>";
    }

    private string Renewal(MemberMailContext member) =>
        member.Through is not { } through ? ""
        : member.AutoRenew
            ? $"<p>Your membership renews automatically each year; the next renewal is on {Encode(time.Date(MembershipState.LastDay(through)))}. We will remind you a month before.</p>"
            : $"<p>Your membership is paid through {Encode(time.Date(MembershipState.LastDay(through)))}.</p>";

    private static string AccountLink(MemberMailContext member) =>
        $"<p>Your <a href=\"{Encode(new Uri(member.SiteBase, AccountPath).AbsoluteUri)}\">membership page</a> has your receipts, your card and your renewal setting.</p>";

    private void Enqueue(MemberMailContext member, string subject, string bodyHtml) =>
        outbox.Enqueue(new EmailMessage(member.Email, subject, EmailLayout.Html(subject, bodyHtml, organization.Name), EmailLayout.ToPlainText(bodyHtml))
        {
            ToName = member.Name,
            Category = Category,
        });

    private static string Greeting(MemberMailContext member) => string.IsNullOrWhiteSpace(member.Name) ? "Hello," : $"Dear {Encode(member.Name)},";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
