using AmericanBalintSociety.Web.Features.News;

namespace AmericanBalintSociety.Web.Features.Admin.Content;

public sealed class ArticleEditorViewModel
{
    public ArticleForm Form { get; init; } = new();

    public bool IsNew => Form.Id is null;

    public ArticleState? State { get; init; }

    public DateTimeOffset? PublishedAt { get; init; }

    public string? PreviewHtml { get; init; }

    /// <summary>Someone else saved meanwhile: the message, with the editor's text kept in the form.</summary>
    public string? Conflict { get; init; }

    /// <summary>What the last save did (shown after the redirect).</summary>
    public string? Saved { get; init; }
}
