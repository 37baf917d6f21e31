using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Syntax;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>An article body rendered once, when it is saved.</summary>
public sealed record RenderedMarkdown(string Html, string PlainText);

/// <summary>
/// The site's one Markdown pipeline, built once and shared (thread-safe). Raw HTML in the Markdown is not
/// passed through (<c>DisableHtml</c>); the HTML Markdig makes is then sanitized, keeping only safe
/// elements and <c>http</c>, <c>https</c>, <c>mailto</c> and relative links. External links get
/// <c>rel="noopener noreferrer"</c>, images are lazy-loaded, and a <c>#</c> heading becomes an
/// <c>&lt;h2&gt;</c> because the page's one <c>&lt;h1&gt;</c> is the article's title.
/// </summary>
public sealed class MarkdownRenderer
{
    /// <summary>Raise when the pipeline changes, then run <c>content render</c> to re-render stored articles.</summary>
    public const int PipelineVersion = 1;

    private static readonly string[] SafeTags =
    [
        "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "ins", "sub", "sup", "mark",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "code", "pre", "kbd", "a", "img", "figure", "figcaption",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "abbr", "cite", "q", "small", "span", "div", "section",
        "input",
    ];

    private static readonly string[] SafeAttributes =
        ["href", "src", "alt", "title", "id", "class", "colspan", "rowspan", "align", "start", "type", "checked", "disabled", "loading", "rel"];

    // Built on first use, not when the renderer is made: the sanitizer (AngleSharp) and the pipeline take a fifth of a
    // second to build, and most starts and requests that get a renderer render nothing (issue 19).
    private readonly Lazy<MarkdownPipeline> _pipeline = new(BuildPipeline);
    private readonly Lazy<HtmlSanitizer> _sanitizer = new(BuildSanitizer);

    private static MarkdownPipeline BuildPipeline() => new MarkdownPipelineBuilder()
        .UseAbbreviations()
        .UseAutoIdentifiers(Markdig.Extensions.AutoIdentifiers.AutoIdentifierOptions.GitHub)
        .UseEmphasisExtras()
        .UseFootnotes()
        .UsePipeTables()
        .UseListExtras()
        .UseTaskLists()
        .UseFigures()
        .UseAutoLinks()
        .DisableHtml()
        .Build();

    private static HtmlSanitizer BuildSanitizer()
    {
        var sanitizer = new HtmlSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(SafeTags, StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(SafeAttributes, StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href", "src"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
            AllowedAtRules = new HashSet<AngleSharp.Css.Dom.CssRuleType>(),
            AllowedClasses = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        });
        sanitizer.AllowDataAttributes = false;
        sanitizer.KeepChildNodes = true;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            switch (element.LocalName)
            {
                case "a":
                    var href = element.GetAttribute("href") ?? "";
                    if (href.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
                        || href.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                        || href.StartsWith("//", StringComparison.Ordinal))
                    {
                        element.SetAttribute("rel", "noopener noreferrer");
                    }
                    else
                    {
                        element.RemoveAttribute("rel");
                    }

                    break;
                case "img":
                    element.SetAttribute("loading", "lazy");
                    element.SetAttribute("decoding", "async");
                    break;
                case "input":
                    // Only the read-only checkboxes of task lists.
                    if (!string.Equals(element.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase))
                    {
                        element.Remove();
                    }
                    else
                    {
                        element.SetAttribute("disabled", "disabled");
                    }

                    break;
            }
        };
        return sanitizer;
    }

    public RenderedMarkdown Render(string? markdown)
    {
        var pipeline = _pipeline.Value;
        var document = Markdown.Parse(markdown ?? "", pipeline);
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            if (heading.Level == 1)
            {
                heading.Level = 2;
            }
        }

        var html = document.ToHtml(pipeline);
        var safe = _sanitizer.Value.Sanitize(html);
        var text = Markdown.ToPlainText(markdown ?? "", pipeline);
        return new RenderedMarkdown(safe, NormalizeWhitespace(text));
    }

    /// <summary>
    /// Rendered HTML made fit for mail: sanitized again with every relative link and image made absolute against the
    /// site's address (a mail has no page address to resolve them against).
    /// </summary>
    public string ForMail(string html, Uri siteBase)
    {
        ArgumentNullException.ThrowIfNull(siteBase);
        return _sanitizer.Value.Sanitize(html ?? "", siteBase.AbsoluteUri);
    }

    /// <summary>HTML only (previews, seed content).</summary>
    public string ToHtml(string? markdown) => Render(markdown).Html;

    private static string NormalizeWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
