using System.Net;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>The donor's receipt mail, queued in the outbox inside the transaction that marks the gift paid (so it goes once).</summary>
public sealed class DonationEmails(EmailOutbox outbox, Organization organization, GiftReceipt receipt)
{
    public const string Category = "gift";

    public void Receipt(Gift gift)
    {
        ArgumentNullException.ThrowIfNull(gift);
        if (string.IsNullOrEmpty(gift.DonorEmail))
        {
            return;
        }

        var link = new Uri(new Uri(gift.SiteBase), GiftReceipt.Path(gift)).AbsoluteUri;
        var dedication = GiftReceipt.DedicationLine(gift) is { } line ? $"<br>{Encode(line)}" : "";
        var greeting = string.IsNullOrWhiteSpace(gift.DonorName) ? "Hello," : $"Dear {Encode(gift.DonorName)},";
        var monthly = gift.PlanId is not null;
        var subject = monthly
            ? $"Your monthly gift to {organization.InSentence}: receipt for {receipt.Date(gift)}"
            : $"Thank you for your gift to {organization.InSentence}";
        var thanks = monthly
            ? "Thank you for this month's gift. You can change the amount or stop your monthly gift at any time under My account → Giving."
            : "Thank you for your gift.";
        var body =
            $"<p>{greeting}</p><p>{Encode(thanks)} It helps us spread Balint groups, where clinicians meet to talk through their relationships with patients.</p>" +
            $"<p><strong>Receipt</strong><br>{Encode(receipt.LegalName)}<br>Donor: {Encode(gift.DonorName ?? gift.DonorEmail)}<br>" +
            $"Date: {Encode(receipt.Date(gift))}<br>Amount: {Encode(Display.Money(gift.AmountCents))}{dedication}</p>" +
            $"<p>{Encode(GiftReceipt.NoGoodsOrServices)}</p><p>{Encode(receipt.EinLine)}</p>" +
            $"<p>Keep this mail for your records, or <a href=\"{Encode(link)}\">open a printable receipt</a>.</p>";
        outbox.Enqueue(new EmailMessage(gift.DonorEmail, subject, EmailLayout.Html(subject, body, organization.Name), EmailLayout.ToPlainText(body))
        {
            ToName = gift.DonorName,
            Category = Category,
        });
    }

    /// <summary>A monthly donor's statement of a year's gifts (each, and the total less refunds), with what a receipt must say.</summary>
    public void Statement(int year, IReadOnlyList<Gift> gifts)
    {
        ArgumentNullException.ThrowIfNull(gifts);
        var latest = gifts[^1];
        if (string.IsNullOrEmpty(latest.DonorEmail))
        {
            return;
        }

        var name = gifts.Select(g => g.DonorName).LastOrDefault(n => !string.IsNullOrWhiteSpace(n));
        var greeting = name is null ? "Hello," : $"Dear {Encode(name)},";
        var lines = string.Join("<br>", gifts.Select(g =>
            $"{Encode(receipt.Date(g))}: {Encode(g.PlanId is null ? "gift" : "monthly gift")}{(GiftReceipt.DedicationLine(g) is { } d ? $" ({Encode(d)})" : "")}, " +
            $"{Encode(Display.Money(g.AmountCents - g.RefundedCents))}{(g.RefundedCents > 0 ? $" (after a refund of {Encode(Display.Money(g.RefundedCents))})" : "")}"));
        var total = gifts.Sum(g => g.AmountCents - g.RefundedCents);
        var subject = $"Your {year} giving statement from {organization.InSentence}";
        var body =
            $"<p>{greeting}</p><p>Thank you for supporting {Encode(organization.InSentence)} through {year}. Here are your gifts of the year, for your tax records.</p>" +
            $"<p><strong>{Encode(receipt.LegalName)}: statement of gifts, January 1 to December 31, {year}</strong><br>Donor: {Encode(name ?? latest.DonorEmail)}</p>" +
            $"<p>{lines}</p><p><strong>Total: {Encode(Display.Money(total))}</strong></p>" +
            $"<p>{Encode(GiftReceipt.NoGoodsOrServices.Replace("this contribution", "these contributions", StringComparison.Ordinal))}</p><p>{Encode(receipt.EinLine)}</p>" +
            "<p>Each gift's own receipt is in My account → Giving.</p>";
        outbox.Enqueue(new EmailMessage(latest.DonorEmail, subject, EmailLayout.Html(subject, body, organization.Name), EmailLayout.ToPlainText(body))
        {
            ToName = name,
            Category = Category,
        });
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
