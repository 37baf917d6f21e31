using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Shop;

public sealed record FormatPrice(string Sku, string Format, long PriceCents);

/// <summary>A book as the public pages show it; prices come only from the database.</summary>
public sealed record BookSummary(string Slug, string Title, IReadOnlyList<string> Authors, string Description, IReadOnlyList<FormatPrice> Formats);

public sealed class CatalogService(AppDbContext db)
{
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
                book.Formats);
    }
}

public static class ShopServiceCollectionExtensions
{
    public static IHostApplicationBuilder AddShop(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<CatalogService>();
        return builder;
    }
}
