using AngleSharp.Dom;
using MimeKit;

namespace AmericanBalintSociety.TestSupport;

/// <summary>Mailing-list steps taken as a visitor takes them: through the pages and the mails.</summary>
public static class MailingListSteps
{
    /// <summary>Fills in and posts the "Add Me To Your Mailing List" page's form.</summary>
    public static async Task<HttpResponseMessage> SignUpAsync(this HttpClient client, string email, string? name = null, IDictionary<string, string>? extra = null)
    {
        var page = await client.GetDocumentAsync("/mailing-list");
        var values = new Dictionary<string, string> { ["Form.Email"] = email, ["Form.Name"] = name ?? "" };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return await client.SubmitAsync(page, "form#mailing-list-signup", values);
    }

    /// <summary>The newest confirmation mail's link (waits for the mail; other mail to the address is passed over).</summary>
    public static async Task<string> ConfirmationLinkAsync(this MailPickup mail, string address)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var confirmation = await Eventually.ValueAsync(
            () => mail.To(address).Where(m => m.Subject == "Please confirm your subscription").OrderBy(m => m.Date).LastOrDefault(),
            TimeSpan.FromSeconds(15), $"no confirmation mail to {address}");
        return Accounts.LinkIn(confirmation, "/mailing-list/confirm/");
    }

    /// <summary>Opens a confirmation link and presses "Confirm"; returns the page it ends on.</summary>
    public static async Task<IDocument> ConfirmAsync(this HttpClient client, string link)
    {
        ArgumentNullException.ThrowIfNull(client);
        var page = await client.GetDocumentAsync(link);
        if (page.QuerySelector("form#confirm-subscription") is null)
        {
            return page; // the link no longer works: that page is the answer
        }

        using var confirmed = await client.SubmitAsync(page, "form#confirm-subscription", new Dictionary<string, string>());
        return confirmed.Headers.Location is { } next ? await client.GetDocumentAsync(next.OriginalString) : await Html.ParseAsync(confirmed);
    }

    /// <summary>Signs up and confirms; returns the welcome mail.</summary>
    public static async Task<MimeMessage> SubscribeAsync(this TestSite site, HttpClient client, string email, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        using var _ = await client.SignUpAsync(email, name);
        await client.ConfirmAsync(await site.Mail.ConfirmationLinkAsync(email));
        return await Eventually.ValueAsync(() => site.Mail.To(email).FirstOrDefault(m => m.Subject?.StartsWith("Welcome", StringComparison.Ordinal) == true), TimeSpan.FromSeconds(15), $"no welcome mail to {email}");
    }

    /// <summary>
    /// Unsubscribes as a mail provider does (RFC 8058): a bare POST of <c>List-Unsubscribe=One-Click</c> to the
    /// address, with no cookies and no antiforgery token. <paramref name="link"/> is absolute or site-relative.
    /// </summary>
    public static async Task<HttpResponseMessage> OneClickUnsubscribeAsync(this TestSite site, string link)
    {
        ArgumentNullException.ThrowIfNull(site);
        using var provider = site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var body = new StringContent("List-Unsubscribe=One-Click", System.Text.Encoding.ASCII, "application/x-www-form-urlencoded");
        return await provider.PostAsync(new Uri(link, UriKind.RelativeOrAbsolute), body);
    }

    /// <summary>The address the mail's List-Unsubscribe header names.</summary>
    public static string UnsubscribeLink(MimeMessage mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var header = mail.Headers["List-Unsubscribe"] ?? throw new InvalidOperationException($"No List-Unsubscribe header in \"{mail.Subject}\"");
        return header!.Trim().TrimStart('<').TrimEnd('>');
    }
}
