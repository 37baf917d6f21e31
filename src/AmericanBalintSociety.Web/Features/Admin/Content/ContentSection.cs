using AmericanBalintSociety.Web.Features.News;

namespace AmericanBalintSociety.Web.Features.Admin.Content;

/// <summary>What the shared editor needs to know about the section it serves: the kind, its addresses and its words.</summary>
public sealed record ContentSection(ArticleKind Kind, string AdminPath, string PublicPrefix, string Noun, string Plural, string Heading)
{
    public static readonly ContentSection News = new(ArticleKind.Article, "/admin/news", "/news/", "article", "articles", "News articles");

    public static readonly ContentSection Pages = new(ArticleKind.Page, "/admin/pages", "/", "page", "pages", "Pages");

    public bool IsPage => Kind is ArticleKind.Page;

    /// <summary>The public address of an item of this section.</summary>
    public string PublicPath(string slug) => PublicPrefix + slug;
}
