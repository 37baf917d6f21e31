using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Shop;

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
