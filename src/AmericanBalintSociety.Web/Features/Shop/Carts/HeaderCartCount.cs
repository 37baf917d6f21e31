using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>
/// The header's cart count. Only a visitor with a cart cookie, or a member, can have a cart: anyone else costs no
/// scoped service, no database context and no query.
/// </summary>
public sealed class HeaderCartCount(CartCookie cookie) : IHeaderCartCount
{
    public bool MayHaveCart(HttpContext context) => cookie.MayHaveCart(context);

    public async ValueTask<int> CountAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return cookie.MayHaveCart(context)
            ? await context.RequestServices.GetRequiredService<CartService>().CountForHeaderAsync(context.RequestAborted)
            : 0;
    }
}
