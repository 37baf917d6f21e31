using System.Net;
using System.Text;
using AmericanBalintSociety.Web.Features.Email;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Shop.Orders;

/// <summary>The shop's mails to buyers, queued in the outbox inside the transaction that caused them.</summary>
public sealed class ShopEmails(EmailOutbox outbox, Organization organization)
{
    public const string Category = "order";

    /// <summary>The order is paid: its number, lines and amounts, and for an ebook the download links.</summary>
    public void Confirmation(Order order, IReadOnlyList<(OrderLine Line, Uri Link)> downloads, TimeSpan linkLifetime, int downloadsPerLink)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(downloads);
        var body = new StringBuilder();
        body.Append(CultureInvariant($"<p>{Greeting(order.BuyerName)}</p><p>Thank you for your order <strong>{Encode(order.Number)}</strong>. We have received your payment.</p>"));
        body.Append(Summary(order));
        if (downloads.Count > 0)
        {
            body.Append("<h2 style=\"font-size:18px;\">Your ebook</h2><ul>");
            foreach (var (line, link) in downloads)
            {
                body.Append(CultureInvariant($"<li><a href=\"{Encode(link.AbsoluteUri)}\">Download {Encode(line.Title)} ({Encode(line.Format)})</a></li>"));
            }

            body.Append(CultureInvariant($"</ul><p>Each link works for {linkLifetime.TotalDays:0} days and {downloadsPerLink} downloads. If you ordered while signed in, “My orders” in your account gives you a fresh link at any time.</p>"));
        }

        if (order.NeedsShipping)
        {
            body.Append("<p>We will mail you again when your paperback is on its way.</p>");
        }

        Enqueue(order, $"Your order {order.Number}", body.ToString());
    }

    /// <summary>Paid, but held for staff (an amount that differs, or not enough copies): the buyer hears that it is being looked at.</summary>
    public void Received(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Enqueue(order, $"Your order {order.Number} is being reviewed",
            $"<p>{Greeting(order.BuyerName)}</p><p>We have received your payment for order <strong>{Encode(order.Number)}</strong>. " +
            "Our staff need to look at it before it is fulfilled, and will be in touch shortly.</p>" + Summary(order));
    }

    public void Shipped(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        Enqueue(order, $"Your order {order.Number} has shipped",
            $"<p>{Greeting(order.BuyerName)}</p><p>Your order <strong>{Encode(order.Number)}</strong> is on its way.</p>" +
            $"<p>Carrier: {Encode(order.Carrier ?? "")}<br>Tracking number: {Encode(order.TrackingNumber ?? "")}</p>" + Summary(order));
    }

    private static string Summary(Order order)
    {
        var rows = new StringBuilder("<table style=\"border-collapse:collapse;width:100%;\"><thead><tr><th align=\"left\">Item</th><th align=\"right\">Qty</th><th align=\"right\">Amount</th></tr></thead><tbody>");
        foreach (var line in order.Lines)
        {
            rows.Append(CultureInvariant($"<tr><td>{Encode(line.Title)} ({Encode(line.Format)})</td><td align=\"right\">{line.Quantity}</td><td align=\"right\">{Display.Money(line.LineTotalCents)}</td></tr>"));
        }

        rows.Append(CultureInvariant($"</tbody></table><p>Subtotal: {Display.Money(order.SubtotalCents)}<br>"));
        if (order.NeedsShipping)
        {
            rows.Append(CultureInvariant($"Shipping: {Display.Money(order.ShippingCents)}<br>"));
        }

        rows.Append(CultureInvariant($"Total paid: {Display.Money(order.AmountPaidCents)}</p>"));
        if (order.NeedsShipping && order.ShippingLine1 is not null)
        {
            var address = string.Join("<br>", new[] { order.ShippingName, order.ShippingLine1, order.ShippingLine2,
                string.Join(" ", new[] { order.ShippingCity, order.ShippingState, order.ShippingPostalCode }.Where(p => !string.IsNullOrEmpty(p))), order.ShippingCountry }
                .Where(p => !string.IsNullOrEmpty(p)).Select(p => Encode(p!)));
            rows.Append(CultureInvariant($"<p>Shipping to:<br>{address}</p>"));
        }

        return rows.ToString();
    }

    private void Enqueue(Order order, string subject, string bodyHtml)
    {
        if (string.IsNullOrEmpty(order.Email))
        {
            return; // Stripe always collects an email; a missing one is logged by the caller's event history
        }

        outbox.Enqueue(new EmailMessage(order.Email, subject, EmailLayout.Html(subject, bodyHtml, organization.Name), EmailLayout.ToPlainText(bodyHtml))
        {
            ToName = order.BuyerName,
            Category = Category,
        });
    }

    private static string CultureInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string Greeting(string? name) => string.IsNullOrWhiteSpace(name) ? "Hello," : $"Dear {Encode(name)},";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
