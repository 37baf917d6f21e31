using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Content;

/// <summary>Staff write, publish, revise and delete the society's pages (<c>/admin/pages</c>): <c>/about</c>, <c>/privacy</c>…</summary>
[Route("admin/pages")]
public sealed class AdminPagesController(ArticleAdminService articles, CoverImageStore covers, MarkdownRenderer markdown)
    : ContentEditorController(articles, covers, markdown)
{
    public override ContentSection Section => ContentSection.Pages;
}
