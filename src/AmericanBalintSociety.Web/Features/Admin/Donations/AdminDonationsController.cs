using System.Globalization;
using System.Security.Claims;
using System.Text;
using AmericanBalintSociety.Web.Features.Donations;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Donations;

public sealed record GiftListViewModel(
    Paged<GiftRow> Gifts, GiftFilter Filter, IReadOnlyList<GiftTotal> Months, IReadOnlyList<GiftTotal> Years, string Query, string? FilterError);

public sealed record GiftViewModel(GiftRow Gift, string? Message, bool IsError);

public sealed record AmountsViewModel(string Amounts, string? Message);

public sealed record DonorViewModel(DonorHistory History, string? Message, bool IsError);

/// <summary>Gifts for staff (Admin only: donors' details and money): list, filters, totals, a gift, a donor, refund, CSV.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/donations")]
public sealed class AdminDonationsController(GiftAdministration gifts, MonthlyGiving monthly, GiftAmounts amounts, TimeProvider clock) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index(
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? kind, [FromQuery] GiftStatus? status, [FromQuery] string? donor,
        [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        NoStore.Apply(Response);
        var (filter, error) = FilterOf(from, to, kind, status, donor, page);
        var list = await gifts.ListAsync(filter, cancellationToken);
        if (list.IsOutOfRange)
        {
            return NotFound();
        }

        var (months, years) = await gifts.TotalsAsync(filter, cancellationToken);
        return View(new GiftListViewModel(list, filter, months, years, Request.QueryString.Value ?? "", error));
    }

    [HttpGet("export.csv")]
    public async Task Export(
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? kind, [FromQuery] GiftStatus? status, [FromQuery] string? donor, CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentDisposition = $"attachment; filename=\"gifts-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await gifts.ExportAsync(writer, FilterOf(from, to, kind, status, donor, 1).Filter, User, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        var gift = await gifts.FindAsync(id, cancellationToken);
        return gift is null ? NotFound() : View(new GiftViewModel(gift, Message, MessageIsError));
    }

    [HttpPost("{id:int}/refund")]
    public async Task<IActionResult> Refund([FromRoute] int id, CancellationToken cancellationToken)
    {
        var result = await gifts.RefundAsync(id, User, cancellationToken);
        Say(result);
        return Redirect($"/admin/donations/{id}");
    }

    /// <summary>The amounts the giving page offers as buttons.</summary>
    [HttpGet("amounts")]
    public async Task<IActionResult> Amounts(CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        return View(new AmountsViewModel(string.Join(", ", await amounts.PresetsAsync(cancellationToken)), Message));
    }

    /// <summary>Saves the amounts (303 back), or shows them again as typed with the reason (422).</summary>
    [HttpPost("amounts")]
    public async Task<IActionResult> SaveAmounts([FromForm(Name = "Amounts")] string? typed, CancellationToken cancellationToken)
    {
        var saved = await amounts.SaveAsync(typed, User, cancellationToken);
        if (!saved.Succeeded)
        {
            ModelState.AddErrors(saved);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return View("Amounts", new AmountsViewModel(typed ?? "", null));
        }

        Message = saved.Message;
        return RedirectToAction(nameof(Amounts));
    }

    [HttpGet("donor")]
    public async Task<IActionResult> Donor([FromQuery] string? email, CancellationToken cancellationToken)
    {
        NoStore.Apply(Response);
        var history = await gifts.DonorAsync(email, cancellationToken);
        return history is null ? NotFound() : View(new DonorViewModel(history, Message, MessageIsError));
    }

    /// <summary>Stops a donor's monthly gift (at Stripe first), e.g. when they ask by phone.</summary>
    [HttpPost("plans/{id:int}/stop")]
    public async Task<IActionResult> StopPlan([FromRoute] int id, [FromForm] string? email, CancellationToken cancellationToken)
    {
        var result = await monthly.CancelAsync(id, User.FindFirstValue(ClaimTypes.NameIdentifier), User.Identity?.Name ?? "staff", cancellationToken);
        Say(result.Succeeded ? Result.Success("The monthly gift was stopped; nothing more will be charged.") : result);
        return Redirect(string.IsNullOrEmpty(email) ? "/admin/donations" : $"/admin/donations/donor?email={Uri.EscapeDataString(email)}");
    }

    private void Say(Result result)
    {
        Message = result.Succeeded ? result.Message : result.Error;
        MessageIsError = !result.Succeeded;
    }

    /// <summary>The filter from the query; dates the staff typed wrongly are left out, and said so.</summary>
    private static (GiftFilter Filter, string? Error) FilterOf(string? from, string? to, string? kind, GiftStatus? status, string? donor, int page)
    {
        static DateOnly? Day(string? text) =>
            DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
        var (start, end) = (Day(from), Day(to));
        var error = (!string.IsNullOrEmpty(from) && start is null) || (!string.IsNullOrEmpty(to) && end is null)
            ? "A date could not be read, so it was left out: use the date picker, or type it as 2026-01-31."
            : start > end ? "The first date is after the last, so no gift can match: swap them." : null;
        var monthly = kind switch { "monthly" => true, "once" => false, _ => (bool?)null };
        return (new GiftFilter(start, end, monthly, status, string.IsNullOrWhiteSpace(donor) ? null : donor.Trim()[..Math.Min(donor.Trim().Length, 200)],
            Math.Clamp(page, 1, 100_000)), error);
    }
}
