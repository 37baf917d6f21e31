using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Downloads;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Shop.Catalog;

/// <summary>Staff's catalogue: the book's text and cover, each format's price, stock and sale flag, the ebook file.</summary>
public sealed class CatalogAdministration(AppDbContext db, CoverImageStore covers, EbookStore ebooks, AuditLog audit, TimeProvider clock)
{
    public Task<Book?> BookAsync(CancellationToken cancellationToken) =>
        db.Books.AsNoTracking().Include(b => b.Formats.OrderBy(f => f.Id)).OrderBy(b => b.Id).FirstOrDefaultAsync(cancellationToken);

    public async Task<Result> SaveBookAsync(BookForm form, IFormFile? cover, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var book = await db.Books.FirstOrDefaultAsync(b => b.Id == form.Id, cancellationToken);
        if (book is null)
        {
            return Result.Failure("That book no longer exists.");
        }

        if (book.UpdatedAt.UtcTicks != form.Version && form.Version != 0)
        {
            return Result.Failure("Someone else changed the book since you opened this page. Your text is below; reload to see theirs.");
        }

        if (cover is { Length: > 0 })
        {
            await using var stream = cover.OpenReadStream();
            var saved = await covers.SaveAsync(stream, cover.Length, cancellationToken);
            if (!saved.Succeeded)
            {
                return Result.Invalid("cover", saved.Error!);
            }

            book.CoverImage = saved.Value;
        }

        book.Title = form.Title.Trim();
        book.Authors = string.Join('\n', form.Authors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        book.Description = form.Description?.Trim() ?? "";
        book.UpdatedAt = clock.GetUtcNow();
        audit.Record(actor, "catalog.book-edited", $"book:{book.Id}", book.Title);
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success("The book was saved.");
    }

    public async Task<Result> SaveFormatAsync(FormatForm form, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        if (!Shared.Display.TryParseDollars(form.Price, out var cents) || cents <= 0)
        {
            return Result.Invalid("Price", "Enter the price in dollars and cents, e.g. 14.50.");
        }

        var format = await db.BookFormats.FirstOrDefaultAsync(f => f.Id == form.Id, cancellationToken);
        if (format is null)
        {
            return Result.Failure("That format no longer exists.");
        }

        if (format.Version != form.Version)
        {
            return Result.Failure("Someone else changed this format since you opened the page. Reload it and try again.");
        }

        var changes = $"{format.Sku}: price {Shared.Display.Money(format.PriceCents)} → {Shared.Display.Money(cents)}, stock {StockText(format.Stock)} → {StockText(form.Stock)}, on sale {format.IsActive} → {form.IsActive}";
        format.PriceCents = cents;
        format.PriceSetByStaff = true;
        format.IsActive = form.IsActive;
        format.Version++;
        audit.Record(actor, "catalog.format-edited", $"format:{format.Id}", changes);
        try
        {
            // Stock changes only when staff changed the figure, and only if no order took a copy since the page was
            // opened (orders take stock with their own conditional updates): a sale is never silently undone.
            if (form.Stock != form.OriginalStock)
            {
                var stockSet = await db.BookFormats.Where(f => f.Id == format.Id && f.Stock == form.OriginalStock)
                    .ExecuteUpdateAsync(s => s.SetProperty(f => f.Stock, form.Stock), cancellationToken);
                if (stockSet == 0)
                {
                    db.ChangeTracker.Clear();
                    return Result.Invalid("Stock", "Copies were sold while you had this page open, so the stock figure was not changed. Reload the page and set it again.");
                }
            }

            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Result.Failure("Someone else changed this format since you opened the page. Reload it and try again.");
        }

        return Result.Success($"{format.Format} saved.");
    }

    /// <summary>Attaches (or replaces) an ebook file; checked by its bytes (PDF or EPUB).</summary>
    public async Task<Result> AttachEbookAsync(string sku, Stream content, long length, string downloadName, string actor, string? actorId, CancellationToken cancellationToken)
    {
        var format = await db.BookFormats.Include(f => f.Book).FirstOrDefaultAsync(f => f.Sku == sku, cancellationToken);
        if (format is null || format.IsPhysical)
        {
            return Result.Invalid("file", $"There is no ebook with the SKU {sku}.");
        }

        var stored = await ebooks.SaveAsync(content, length, cancellationToken);
        if (!stored.Succeeded)
        {
            return Result.Invalid("file", stored.Error!);
        }

        var (name, contentType) = stored.Value!;

        format.EbookFile = name;
        format.EbookContentType = contentType;
        format.EbookDownloadName = $"{Slugs.From(format.Book!.Title, 60)}{Path.GetExtension(name)}";
        format.Version++;
        audit.Record(actorId, actor, "catalog.ebook-attached", $"format:{format.Id}", $"{format.Sku}: {downloadName} ({length} bytes)");
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success($"The ebook file is attached: buyers of {format.Sku} can order and download it.");
    }

    private static string StockText(int? stock) => stock?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not counted";
}
