using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Content;

/// <summary>Staff write, schedule, revise and delete news articles (<c>/admin/news</c>).</summary>
[Route("admin/news")]
public sealed class AdminNewsController(ArticleAdminService articles, CoverImageStore covers, MarkdownRenderer markdown)
    : ContentEditorController(articles, covers, markdown)
{
    public override ContentSection Section => ContentSection.News;
}
