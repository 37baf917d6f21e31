using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Shop;

/// <summary>What the catalogue form posts for the book.</summary>
public sealed class BookForm
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Enter the title."), StringLength(300, ErrorMessage = "The title can be at most {1} characters long.")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Enter at least one author."), StringLength(1000)]
    [Display(Name = "Authors (one per line)")]
    public string Authors { get; set; } = "";

    [StringLength(20_000, ErrorMessage = "The description can be at most {1} characters long.")]
    [Display(Name = "Description (Markdown)")]
    public string? Description { get; set; }

    /// <summary>The book's last change (UTC ticks) when the form was opened: an edit made meanwhile is not overwritten.</summary>
    public long Version { get; set; }
}

/// <summary>What the catalogue form posts for one format.</summary>
public sealed class FormatForm
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Enter the price, e.g. 14.50.")]
    [Display(Name = "Price (US dollars)")]
    public string Price { get; set; } = "";

    [Range(0, 1_000_000, ErrorMessage = "Stock is a whole number from {1} to {2}.")]
    [Display(Name = "Copies in stock")]
    public int Stock { get; set; }

    [Display(Name = "On sale")]
    public bool IsActive { get; set; }

    /// <summary>The stock shown when the page was opened: a new figure is written only over that one.</summary>
    public int OriginalStock { get; set; }

    public int Version { get; set; }
}

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
        if (!OrderAdministration.TryParseDollars(form.Price, out var cents) || cents <= 0)
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

        var changes = $"{format.Sku}: price {Shared.Display.Money(format.PriceCents)} → {Shared.Display.Money(cents)}, stock {format.Stock} → {form.Stock}, on sale {format.IsActive} → {form.IsActive}";
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
}

/// <summary>
/// A member's orders, in "download my data". Deleting the account keeps the orders (the society's accounts need them)
/// but removes the buyer's details from finished ones: email, name and shipping address go, and the link to the account.
/// </summary>
public sealed class ShopPersonalData(AppDbContext db) : Membership.IPersonalDataSource
{
    public string Section => "orders";

    public async Task<object?> ExportAsync(Membership.ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return await db.Orders.AsNoTracking().Where(o => o.UserId == user.Id).OrderBy(o => o.Id)
            .Select(o => new
            {
                o.Number,
                Status = o.Status.ToString(),
                o.CreatedAt,
                o.Email,
                o.BuyerName,
                Shipping = new { o.ShippingName, o.ShippingLine1, o.ShippingLine2, o.ShippingCity, o.ShippingState, o.ShippingPostalCode, o.ShippingCountry },
                Lines = o.Lines.Select(l => new { l.Title, l.Format, l.Quantity, l.UnitPriceCents }).ToList(),
                o.AmountPaidCents,
                o.AmountRefundedCents,
            })
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Finished orders lose the buyer's details at once; an order still to be paid, reviewed or shipped keeps the
    /// address and email it needs to reach the buyer (the contract is fulfilled first), but loses its link to the account.
    /// </summary>
    public async Task EraseAsync(Membership.ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await db.Orders.Where(o => o.UserId == user.Id
                && (o.Status == OrderStatus.Pending || o.Status == OrderStatus.PaymentProcessing || o.Status == OrderStatus.OnHold || o.Status == OrderStatus.ToShip))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.UserId, (string?)null), cancellationToken);
        await db.Orders.Where(o => o.UserId == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.UserId, (string?)null)
            .SetProperty(o => o.Email, (string?)null)
            .SetProperty(o => o.BuyerName, (string?)null)
            .SetProperty(o => o.ShippingName, (string?)null)
            .SetProperty(o => o.ShippingLine1, (string?)null)
            .SetProperty(o => o.ShippingLine2, (string?)null)
            .SetProperty(o => o.ShippingCity, (string?)null)
            .SetProperty(o => o.ShippingPostalCode, (string?)null)
            .SetProperty(o => o.ShippingState, (string?)null)
            .SetProperty(o => o.ShippingCountry, (string?)null)
            .SetProperty(o => o.Version, o => o.Version + 1), cancellationToken);
    }
}
