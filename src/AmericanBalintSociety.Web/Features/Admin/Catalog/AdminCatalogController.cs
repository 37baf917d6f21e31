using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Catalog;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Catalog;

public sealed record CatalogViewModel(Book Book, BookForm BookForm, IReadOnlyDictionary<int, FormatForm> Formats, string? Message, bool IsError, string? ErrorField, int? ErrorFormatId);

/// <summary>The catalogue (Admin only): the book's text and cover, prices, stock, on-sale flags, the ebook file.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/catalog")]
public sealed class AdminCatalogController(CatalogAdministration catalog) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var book = await catalog.BookAsync(cancellationToken);
        return book is null ? NotFound() : View(Model(book, null, null, Message, false, null, null));
    }

    [HttpPost("book")]
    [RequestSizeLimit(6 * 1024 * 1024)]
    public async Task<IActionResult> SaveBook([FromForm(Name = "Book")] BookForm form, IFormFile? cover, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var result = ModelState.IsValid
            ? await catalog.SaveBookAsync(form, cover, User, cancellationToken)
            : Result.Failure(Errors());
        return await DoneAsync(result, form, null, null, cancellationToken);
    }

    [HttpPost("formats/{id:int}")]
    public async Task<IActionResult> SaveFormat(int id, [FromForm(Name = "Format")] FormatForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        form.Id = id;
        var result = ModelState.IsValid
            ? await catalog.SaveFormatAsync(form, User, cancellationToken)
            : Result.Failure(Errors());
        return await DoneAsync(result, null, form, id, cancellationToken);
    }

    [HttpPost("formats/{sku}/ebook")]
    [RequestSizeLimit(501L * 1024 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = 501L * 1024 * 1024)]
    public async Task<IActionResult> AttachEbook(string sku, IFormFile? file, CancellationToken cancellationToken)
    {
        Result result;
        if (file is null || file.Length == 0)
        {
            result = Result.Invalid("file", "Choose the ebook file (PDF or EPUB).");
        }
        else
        {
            await using var stream = file.OpenReadStream();
            result = await catalog.AttachEbookAsync(sku, stream, file.Length, Path.GetFileName(file.FileName), User.Identity?.Name ?? "staff",
                User.FindFirstValue(ClaimTypes.NameIdentifier), cancellationToken);
        }

        return await DoneAsync(result, null, null, null, cancellationToken);
    }

    private async Task<IActionResult> DoneAsync(Result result, BookForm? bookForm, FormatForm? formatForm, int? formatId, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            Message = result.Message;
            return Redirect("/admin/catalog");
        }

        // The form comes back with what was typed and the message next to the field.
        var book = await catalog.BookAsync(cancellationToken);
        if (book is null)
        {
            return NotFound();
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("Index", Model(book, bookForm, formatForm, result.Error, true, result.Errors[0].Field, formatId));
    }

    /// <summary>Every validation message, in words (the form names the field in each).</summary>
    private string Errors() => string.Join(" ", ModelState.Values.SelectMany(v => v.Errors).Select(e => e.ErrorMessage).Where(m => m.Length > 0).Distinct());

    private static CatalogViewModel Model(Book book, BookForm? bookForm, FormatForm? formatForm, string? message, bool isError, string? field, int? formatId)
    {
        var forms = book.Formats.ToDictionary(f => f.Id, f => f.Id == formatForm?.Id ? formatForm : new FormatForm
        {
            Id = f.Id,
            Price = Display.Dollars(f.PriceCents),
            Stock = f.Stock,
            OriginalStock = f.Stock,
            IsActive = f.IsActive,
            Version = f.Version,
        });
        return new CatalogViewModel(book, bookForm ?? new BookForm
        {
            Id = book.Id,
            Title = book.Title,
            Authors = book.Authors,
            Description = book.Description,
            Version = book.UpdatedAt.UtcTicks,
        }, forms, message, isError, field, formatId);
    }
}
