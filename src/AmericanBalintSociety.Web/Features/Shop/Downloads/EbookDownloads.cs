using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop.Downloads;

public sealed record EbookFile(string Path, string ContentType, string DownloadName);

/// <summary>
/// Ebook downloads: a grant per paid ebook line (7 days, 5 downloads), a link that carries the grant's id signed with
/// Data Protection, and the check made at every download (right order, not expired, not used up, not refunded).
/// </summary>
public sealed class EbookDownloads(AppDbContext db, IDataProtectionProvider protection, EbookStore store, TimeProvider clock, IOptions<ShopOptions> options)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Shop.EbookDownload.v1");

    /// <summary>A new grant for the line, added to the caller's unit of work.</summary>
    public DownloadGrant Grant(Order order, OrderLine line)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(line);
        var now = clock.GetUtcNow();
        var grant = new DownloadGrant
        {
            Id = Guid.NewGuid(),
            OrderId = order.Id,
            OrderLineId = line.Id,
            CreatedAt = now,
            ExpiresAt = now + options.Value.DownloadLinkLifetime,
            MaxDownloads = options.Value.DownloadsPerLink,
        };
        db.DownloadGrants.Add(grant);
        return grant;
    }

    public Uri Link(Uri siteBase, string orderNumber, DownloadGrant grant)
    {
        ArgumentNullException.ThrowIfNull(siteBase);
        ArgumentNullException.ThrowIfNull(grant);
        return new Uri(siteBase, $"orders/{Uri.EscapeDataString(orderNumber)}/download/{_protector.Protect(grant.Id.ToString("N"))}");
    }

    /// <summary>A fresh grant for a signed-in buyer's own ebook line ("My orders"); null when the order does not allow one.</summary>
    public async Task<Uri?> FreshLinkAsync(string userId, string orderNumber, int lineId, Uri siteBase, CancellationToken cancellationToken)
    {
        var order = await db.Orders.Include(o => o.Lines)
            .FirstOrDefaultAsync(o => o.Number == orderNumber && o.UserId == userId, cancellationToken);
        var line = order?.Lines.FirstOrDefault(l => l.Id == lineId && !l.IsPhysical);
        if (order is null || line is null || order.AmountRefundedCents > 0 || order.Status is not (OrderStatus.Completed or OrderStatus.ToShip or OrderStatus.Shipped))
        {
            return null;
        }

        var grant = Grant(order, line);
        await db.SaveChangesAsync(cancellationToken);
        return Link(siteBase, order.Number, grant);
    }

    /// <summary>The refusal of a link that cannot be read at all (forged, mangled, or made with keys the site no longer has).</summary>
    public const string UndecryptableLink = "the link's token cannot be decrypted";

    /// <summary>
    /// Counts one download and returns the file, or why the link does not allow it (the page answers 404 either way;
    /// the reason is for the log).
    /// </summary>
    public async Task<Result<EbookFile>> RedeemAsync(string orderNumber, string token, CancellationToken cancellationToken)
    {
        Guid grantId;
        try
        {
            grantId = Guid.ParseExact(_protector.Unprotect(token), "N");
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return Result.Failure<EbookFile>(UndecryptableLink);
        }

        var now = clock.GetUtcNow();
        var found = await (
            from g in db.DownloadGrants
            join o in db.Orders on g.OrderId equals o.Id
            join l in db.OrderLines on g.OrderLineId equals l.Id
            join f in db.BookFormats on l.BookFormatId equals f.Id
            where g.Id == grantId && o.Number == orderNumber
            select new { g.RevokedAt, g.ExpiresAt, o.Status, o.AmountRefundedCents, f.EbookFile, f.EbookContentType, f.EbookDownloadName })
            .AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        // Any refund ends the downloads, whatever the order's fulfilment state.
        var refusal = found switch
        {
            null => "no such link for that order",
            { RevokedAt: not null } or { AmountRefundedCents: > 0 } => "the order was refunded",
            _ when found.ExpiresAt <= now => "the link has expired",
            { Status: not (OrderStatus.Completed or OrderStatus.ToShip or OrderStatus.Shipped) } => "the order is not paid",
            { EbookFile: null } => "the ebook has no file",
            _ => null,
        };
        if (refusal is not null)
        {
            return Result.Failure<EbookFile>(refusal);
        }

        var path = store.PathOf(found!.EbookFile!);
        if (path is null)
        {
            return Result.Failure<EbookFile>("the ebook's file is missing from the server"); // the download is not counted
        }

        // One statement decides, so parallel downloads cannot exceed the limit.
        var counted = await db.DownloadGrants.Where(g => g.Id == grantId && g.Downloads < g.MaxDownloads && g.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Downloads, g => g.Downloads + 1), cancellationToken);
        if (counted == 0)
        {
            return Result.Failure<EbookFile>("the link's downloads are used up");
        }

        return Result.Success(new EbookFile(path, found.EbookContentType ?? "application/octet-stream", found.EbookDownloadName ?? Path.GetFileName(path)));
    }

    /// <summary>Ends every download of the order (a refund), in the caller's transaction.</summary>
    public Task<int> RevokeAsync(int orderId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.DownloadGrants.Where(g => g.OrderId == orderId && g.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.RevokedAt, now), cancellationToken);
    }
}
