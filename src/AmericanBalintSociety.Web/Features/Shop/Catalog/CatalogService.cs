using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Shop.Catalog;

public sealed record FormatPrice(string Sku, string Format, long PriceCents);

/// <summary>A book as the public pages show it; prices come only from the database.</summary>
public sealed record BookSummary(string Slug, string Title, IReadOnlyList<string> Authors, string Description, IReadOnlyList<FormatPrice> Formats)
{
    /// <summary>The cover's stored name, when staff uploaded one.</summary>
    public string? CoverImage { get; init; }
}

/// <summary>A format as the book page offers it.</summary>
public sealed record FormatOffer(string Sku, string Format, long PriceCents, bool IsPhysical, bool CanBeOrdered, int? Stock);

public sealed record BookPage(string Slug, string Title, IReadOnlyList<string> Authors, string DescriptionHtml, string? CoverImage, IReadOnlyList<FormatOffer> Formats);

public sealed class CatalogService(AppDbContext db, MarkdownRenderer markdown)
{
    /// <summary>The book page: description rendered from Markdown (sanitized), every active format with its price and availability.</summary>
    public async Task<BookPage?> BookPageAsync(CancellationToken cancellationToken)
    {
        var book = await db.Books.AsNoTracking().Include(b => b.Formats).OrderBy(b => b.Id).FirstOrDefaultAsync(cancellationToken);
        if (book is null)
        {
            return null;
        }

        return new BookPage(book.Slug, book.Title, [.. book.AuthorList], markdown.ToHtml(book.Description), book.CoverImage,
            [.. book.Formats.Where(f => f.IsActive).OrderBy(f => f.Id).Select(f => new FormatOffer(f.Sku, f.Format, f.PriceCents, f.IsPhysical, f.CanBeOrdered, f.Stock))]);
    }

    /// <summary>The society's book (the first one in the catalogue), or null before any is seeded.</summary>
    public async Task<BookSummary?> FeaturedBookAsync(CancellationToken cancellationToken)
    {
        var book = await db.Books
            .AsNoTracking()
            .OrderBy(b => b.Id)
            .Select(b => new
            {
                b.Slug,
                b.Title,
                b.Authors,
                b.Description,
                b.CoverImage,
                Formats = b.Formats.Where(f => f.IsActive).OrderBy(f => f.Id)
                    .Select(f => new FormatPrice(f.Sku, f.Format, f.PriceCents)).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);

        return book is null
            ? null
            : new BookSummary(
                book.Slug,
                book.Title,
                book.Authors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                book.Description,
                book.Formats)
            { CoverImage = book.CoverImage };
    }
}
