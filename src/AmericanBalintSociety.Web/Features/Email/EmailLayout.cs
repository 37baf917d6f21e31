using System.Net;
using System.Text.RegularExpressions;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>The frame every HTML mail shares, and a plain-text version of simple HTML.</summary>
public static partial class EmailLayout
{
    /// <summary>The Content-ID of the mark carried inside each HTML mail (<see cref="MimeMessageFactory"/> attaches it).</summary>
    public const string MarkContentId = "mark@americanbalintsociety";

    /// <summary>Links in the society's teal where the client honours a style element (Gmail, Apple Mail, Outlook).</summary>
    private const string LinkStyle = "a { color: #1d4e5f; }";

    /// <summary>
    /// Wraps an HTML fragment in the society's mail frame: the mark and name on a teal band over a gold rule, then the
    /// text on white, 600 px at most. Tables and inline styles only, as mail clients (Outlook above all) drop
    /// stylesheets and ignore most layout CSS; the mark is an image inside the mail, so no client has to fetch it.
    /// </summary>
    public static string Html(string title, string bodyHtml, string organizationName) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><style>{LinkStyle}</style><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body style="margin:0;padding:0;background:#f6f4ef;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f6f4ef;border-collapse:collapse;">
        <tr><td align="center" style="padding:24px 12px;">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:600px;border-collapse:collapse;background:#ffffff;">
        <tr><td bgcolor="#1d4e5f" style="background:#1d4e5f;padding:16px 24px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;font-size:18px;font-weight:bold;line-height:36px;color:#ffffff;">
        <img src="cid:{MarkContentId}" width="36" height="36" alt="" style="display:inline-block;vertical-align:middle;border:0;margin-right:12px;">{WebUtility.HtmlEncode(organizationName)}
        </td></tr>
        <tr><td bgcolor="#f0c27b" style="background:#f0c27b;height:4px;line-height:4px;font-size:0;">&nbsp;</td></tr>
        <tr><td style="padding:24px;font-family:Georgia,'Times New Roman',serif;font-size:16px;line-height:1.5;color:#1f2a30;">{bodyHtml}</td></tr>
        </table>
        </td></tr>
        </table>
        </body>
        </html>
        """;

    /// <summary>
    /// Plain text from simple HTML: links become "text (url)", block ends become line breaks, tags go,
    /// entities are decoded. Enough for the short mails the site writes in HTML.
    /// </summary>
    public static string ToPlainText(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = LinkPattern().Replace(html, m =>
        {
            var href = WebUtility.HtmlDecode(m.Groups["href"].Value);
            var label = WebUtility.HtmlDecode(TagPattern().Replace(m.Groups["text"].Value, ""));
            return string.Equals(label.Trim(), href, StringComparison.Ordinal) ? href : $"{label} ({href})";
        });
        text = BlockEndPattern().Replace(text, "\n");
        text = TagPattern().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        text = BlankLinesPattern().Replace(text, "\n\n");
        return text.Trim() + "\n";
    }

    [GeneratedRegex("""<a\s[^>]*?href\s*=\s*["'](?<href>[^"']*)["'][^>]*>(?<text>.*?)</a>""", RegexOptions.IgnoreCase | RegexOptions.Singleline, 1000)]
    private static partial Regex LinkPattern();

    [GeneratedRegex("""<br\s*/?>|</(p|div|h[1-6]|li|tr)>""", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex BlockEndPattern();

    [GeneratedRegex("<[^>]+>", RegexOptions.None, 1000)]
    private static partial Regex TagPattern();

    [GeneratedRegex("""\n\s*\n(\s*\n)+""", RegexOptions.None, 1000)]
    private static partial Regex BlankLinesPattern();
}
