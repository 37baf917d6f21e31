using System.Text;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Orders;

public sealed record OrderListViewModel(Paged<OrderRow> Orders, OrderCounts Counts, string? Query, OrderStatus? Status);

public sealed record OrderViewModel(OrderDetails Details, string? Message, bool IsError, string RefundRequestKey);

/// <summary>Orders (Admin only: buyers' details and money): list, search, an order's page, ship, refund, release, export.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/orders")]
public sealed class AdminOrdersController(OrderAdministration orders, TimeProvider clock) : Controller
{
    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool MessageIsError { get; set; }

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] string? q, [FromQuery] OrderStatus? status, [FromQuery] int page = 1, CancellationToken cancellationToken = default)
    {
        var list = await orders.SearchAsync(q, status, page, cancellationToken);
        if (list.IsOutOfRange)
        {
            return NotFound();
        }

        return View(new OrderListViewModel(list, await orders.CountsAsync(cancellationToken), string.IsNullOrWhiteSpace(q) ? null : q.Trim(), status));
    }

    [HttpGet("export.csv")]
    public async Task Export([FromQuery] string? q, [FromQuery] OrderStatus? status, CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentDisposition = $"attachment; filename=\"orders-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await orders.ExportAsync(writer, q, status, User, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Details(int id, CancellationToken cancellationToken)
    {
        var details = await orders.GetAsync(id, cancellationToken);
        return details is null ? NotFound() : View(new OrderViewModel(details, Message, MessageIsError, Guid.NewGuid().ToString("N")));
    }

    [HttpPost("{id:int}/ship")]
    public async Task<IActionResult> Ship(int id, [FromForm] string? carrier, [FromForm] string? tracking, CancellationToken cancellationToken) =>
        Done(id, await orders.MarkShippedAsync(id, carrier, tracking, User, cancellationToken));

    [HttpPost("{id:int}/refund")]
    public async Task<IActionResult> Refund(int id, [FromForm] string? amount, [FromForm] string? requestKey, CancellationToken cancellationToken) =>
        Done(id, await orders.RefundAsync(id, amount, requestKey ?? "", User, cancellationToken));

    [HttpPost("{id:int}/release")]
    public async Task<IActionResult> Release(int id, CancellationToken cancellationToken) =>
        Done(id, await orders.ReleaseHoldAsync(id, User, cancellationToken));

    private RedirectResult Done(int id, Result result)
    {
        Message = result.Succeeded ? result.Message : result.Error;
        MessageIsError = !result.Succeeded;
        return Redirect($"/admin/orders/{id}");
    }
}
