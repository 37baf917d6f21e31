using System.Net;
using System.Text.RegularExpressions;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>The frame every HTML mail shares, and a plain-text version of simple HTML.</summary>
public static partial class EmailLayout
{
    /// <summary>Wraps an HTML fragment in the society's mail frame (inline styles only: mail clients drop stylesheets).</summary>
    public static string Html(string title, string bodyHtml, string organizationName) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{WebUtility.HtmlEncode(title)}</title></head>
        <body style="margin:0;padding:0;background:#f6f4ef;font-family:Georgia,'Times New Roman',serif;color:#1f2a30;">
        <div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;">
        <p style="font-size:18px;font-weight:bold;color:#1d4e5f;margin:0 0 16px;">{WebUtility.HtmlEncode(organizationName)}</p>
        <div style="font-size:16px;line-height:1.5;">{bodyHtml}</div>
        </div>
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
