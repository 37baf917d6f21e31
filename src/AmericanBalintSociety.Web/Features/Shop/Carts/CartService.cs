using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

public sealed record CartLineView(int LineId, int FormatId, string Sku, string Title, string Format, long UnitPriceCents, int Quantity, bool IsPhysical, bool CanBeOrdered)
{
    public long LineTotalCents => UnitPriceCents * Quantity;
}

public sealed record CartView(IReadOnlyList<CartLineView> Lines)
{
    public long SubtotalCents => Lines.Sum(l => l.LineTotalCents);

    public int ItemCount => Lines.Sum(l => l.Quantity);

    public bool NeedsShipping => Lines.Any(l => l.IsPhysical);

    public static CartView Empty { get; } = new([]);
}

/// <summary>
/// The cart of the current request: a member's by their account, a visitor's by the <see cref="CartCookie"/>. Prices and
/// totals are always read from the catalogue here, never taken from a form.
/// </summary>
public sealed class CartService(AppDbContext db, TimeProvider clock, IOptions<ShopOptions> options, IHttpContextAccessor http, CartCookie cookie, MemberCartCounts memberCounts)
{
    /// <summary>The current cart with today's prices (empty when there is none).</summary>
    public async Task<CartView> ViewAsync(CancellationToken cancellationToken)
    {
        var cartId = await CurrentCartIdAsync(cancellationToken);
        return cartId is null ? CartView.Empty : await ViewAsync(cartId.Value, cancellationToken);
    }

    public async Task<CartView> ViewAsync(Guid cartId, CancellationToken cancellationToken)
    {
        var lines = await db.Set<CartLine>().AsNoTracking().Where(l => l.CartId == cartId)
            .OrderBy(l => l.Id)
            .Select(l => new CartLineView(l.Id, l.BookFormatId, l.BookFormat!.Sku, l.BookFormat.Book!.Title, l.BookFormat.Format,
                l.BookFormat.PriceCents, l.Quantity, l.BookFormat.IsPhysical,
                l.BookFormat.IsActive && (l.BookFormat.IsPhysical || l.BookFormat.EbookFile != null)))
            .ToListAsync(cancellationToken);
        return new CartView(lines);
    }

    /// <summary>How many items the header shows. No query at all for a visitor without a cart cookie.</summary>
    public async Task<int> CountAsync(CancellationToken cancellationToken)
    {
        var cartId = await CurrentCartIdAsync(cancellationToken);
        return cartId is null ? 0 : await db.Set<CartLine>().Where(l => l.CartId == cartId).SumAsync(l => (int?)l.Quantity, cancellationToken) ?? 0;
    }

    /// <summary>The header's count: never fails a page (an error page included) because the cart could not be read.</summary>
    public async Task<int> CountForHeaderAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await CountAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return 0;
        }
    }

    /// <summary>Adds one of a format (an ebook at most once, a paperback up to <see cref="ShopOptions.MaxQuantity"/>).</summary>
    public async Task<Result> AddAsync(string sku, CancellationToken cancellationToken)
    {
        var format = await db.BookFormats.AsNoTracking().FirstOrDefaultAsync(f => f.Sku == sku, cancellationToken);
        if (format is null || !format.CanBeOrdered)
        {
            return Result.Failure("That item cannot be ordered at the moment.");
        }

        var cart = await CurrentOrNewCartAsync(cancellationToken);
        var line = cart.Lines.FirstOrDefault(l => l.BookFormatId == format.Id);
        if (line is null)
        {
            cart.Lines.Add(new CartLine { BookFormatId = format.Id, Quantity = 1 });
        }
        else if (format.IsPhysical)
        {
            line.Quantity = Math.Min(ShopOptions.MaxQuantity, line.Quantity + 1);
        }

        Touch(cart);
        await db.SaveChangesAsync(cancellationToken);
        await memberCounts.CartsChangedAsync(cancellationToken);
        return Result.Success("Added to your cart.");
    }

    /// <summary>Sets a paperback line's quantity (1–20); an ebook's stays 1.</summary>
    public async Task<Result> UpdateAsync(int lineId, int quantity, CancellationToken cancellationToken)
    {
        if (quantity is < 1 or > ShopOptions.MaxQuantity)
        {
            return Result.Failure($"Choose a quantity from 1 to {ShopOptions.MaxQuantity}.");
        }

        var cartId = await CurrentCartIdAsync(cancellationToken);
        var line = await db.Set<CartLine>().Include(l => l.BookFormat).FirstOrDefaultAsync(l => l.Id == lineId && l.CartId == cartId, cancellationToken);
        if (line is null)
        {
            return Result.Failure("That line is no longer in your cart.");
        }

        line.Quantity = line.BookFormat!.IsPhysical ? quantity : 1;
        await TouchAsync(line.CartId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await memberCounts.CartsChangedAsync(cancellationToken);
        return Result.Success("Your cart was updated.");
    }

    public async Task RemoveAsync(int lineId, CancellationToken cancellationToken)
    {
        var cartId = await CurrentCartIdAsync(cancellationToken);
        await db.Set<CartLine>().Where(l => l.Id == lineId && l.CartId == cartId).ExecuteDeleteAsync(cancellationToken);
        await memberCounts.CartsChangedAsync(cancellationToken);
    }

    /// <summary>The current cart's id, if there is a live one.</summary>
    public async Task<Guid?> CurrentCartIdAsync(CancellationToken cancellationToken)
    {
        var context = http.HttpContext;
        if (context is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null)
        {
            return await db.Carts.Where(c => c.UserId == userId && c.ExpiresAt > now).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
        }

        if (cookie.Read(context.Request) is not { } cookieId)
        {
            return null;
        }

        return await db.Carts.Where(c => c.Id == cookieId && c.UserId == null && c.ExpiresAt > now).Select(c => (Guid?)c.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// At sign-in: the visitor's cart (from the cookie) is merged into the member's, quantities added (up to the
    /// maximum), and the visitor's cart and cookie go.
    /// </summary>
    public async Task MergeAtSignInAsync(HttpContext context, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (cookie.Read(context.Request) is not { } cookieId)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var visitorCart = await db.Carts.Include(c => c.Lines).ThenInclude(l => l.BookFormat)
            .FirstOrDefaultAsync(c => c.Id == cookieId && c.UserId == null, cancellationToken);
        cookie.Delete(context.Response);
        if (visitorCart is null)
        {
            return;
        }

        if (visitorCart.ExpiresAt > now && visitorCart.Lines.Count > 0)
        {
            var memberCart = await db.Carts.Include(c => c.Lines).FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
            if (memberCart is null || memberCart.ExpiresAt <= now)
            {
                if (memberCart is not null)
                {
                    db.Carts.Remove(memberCart);
                }

                memberCart = NewCart(userId);
                db.Carts.Add(memberCart);
            }

            foreach (var line in visitorCart.Lines)
            {
                var existing = memberCart.Lines.FirstOrDefault(l => l.BookFormatId == line.BookFormatId);
                if (existing is null)
                {
                    memberCart.Lines.Add(new CartLine { BookFormatId = line.BookFormatId, Quantity = line.Quantity });
                }
                else if (line.BookFormat!.IsPhysical)
                {
                    existing.Quantity = Math.Min(ShopOptions.MaxQuantity, existing.Quantity + line.Quantity);
                }
            }

            Touch(memberCart);
        }

        db.Carts.Remove(visitorCart);
        await db.SaveChangesAsync(cancellationToken);
        await memberCounts.CartsChangedAsync(cancellationToken);
    }

    /// <summary>Deletes carts past their expiry (run by the shop's background work).</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var deleted = await db.Carts.Where(c => c.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        if (deleted > 0)
        {
            await memberCounts.CartsChangedAsync(cancellationToken);
        }

        return deleted;
    }

    private async Task<Cart> CurrentOrNewCartAsync(CancellationToken cancellationToken)
    {
        var cartId = await CurrentCartIdAsync(cancellationToken);
        if (cartId is not null)
        {
            return await db.Carts.Include(c => c.Lines).FirstAsync(c => c.Id == cartId, cancellationToken);
        }

        var context = http.HttpContext ?? throw new InvalidOperationException("A cart needs a request.");
        var userId = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is not null)
        {
            // An expired cart of the member's would block the unique index: start afresh.
            await db.Carts.Where(c => c.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        }

        var cart = NewCart(userId);
        db.Carts.Add(cart);
        if (userId is null)
        {
            cookie.Write(context.Response, cart.Id, options.Value.CartLifetime);
        }

        return cart;
    }

    private Cart NewCart(string? userId)
    {
        var now = clock.GetUtcNow();
        return new Cart { Id = Guid.NewGuid(), UserId = userId, CreatedAt = now, UpdatedAt = now, ExpiresAt = now + options.Value.CartLifetime };
    }

    private void Touch(Cart cart)
    {
        cart.UpdatedAt = clock.GetUtcNow();
        cart.ExpiresAt = cart.UpdatedAt + options.Value.CartLifetime;
    }

    private async Task TouchAsync(Guid cartId, CancellationToken cancellationToken)
    {
        var cart = await db.Carts.FirstAsync(c => c.Id == cartId, cancellationToken);
        Touch(cart);
    }
}
