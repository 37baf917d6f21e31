using System.Text;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Admin.Memberships;

public sealed record MembershipListViewModel(Paged<MembershipRow> Memberships, MembershipFilter Filter, IReadOnlyList<MembershipLevel> Levels, string ExportQuery);

/// <summary>The staff's membership list (Admin only): filter by level, status, expiring within N days and automatic renewal; CSV export.</summary>
[Authorize(Policy = Policies.Admin)]
[Route("admin/membership")]
public sealed class AdminMembershipsController(MembershipAdministration memberships, MembershipLevels levels, TimeProvider clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(
        [FromQuery] int? level, [FromQuery] MembershipStatus? status, [FromQuery] int? expiring, [FromQuery] string? renewal, [FromQuery] int page = 1,
        CancellationToken cancellationToken = default)
    {
        NoStore.Apply(Response);
        var filter = FilterOf(level, status, expiring, renewal, page);
        var list = await memberships.ListAsync(filter, cancellationToken);
        if (list.IsOutOfRange)
        {
            return NotFound();
        }

        return View(new MembershipListViewModel(list, filter, await levels.AllAsync(cancellationToken), Request.QueryString.Value ?? ""));
    }

    [HttpGet("export.csv")]
    public async Task Export([FromQuery] int? level, [FromQuery] MembershipStatus? status, [FromQuery] int? expiring, [FromQuery] string? renewal, CancellationToken cancellationToken)
    {
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentDisposition = $"attachment; filename=\"memberships-{clock.GetUtcNow():yyyy-MM-dd}.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await memberships.ExportAsync(writer, FilterOf(level, status, expiring, renewal, 1), User, cancellationToken);
        await writer.FlushAsync(cancellationToken);
    }

    private static MembershipFilter FilterOf(int? level, MembershipStatus? status, int? expiring, string? renewal, int page) =>
        new(level, status, expiring is > 0 and <= 366 ? expiring : null, renewal switch { "on" => true, "off" => false, _ => null }, Math.Clamp(page, 1, 100_000));
}
