using Markdig;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// The site's one Markdown pipeline, built once. Raw HTML in the Markdown is not passed through
/// (<c>DisableHtml</c>), so what staff write can only produce Markdown's own elements.
/// </summary>
public sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UseAdvancedExtensions()
        .DisableHtml()
        .Build();

    public string ToHtml(string markdown) => Markdown.ToHtml(markdown ?? "", _pipeline);
}
