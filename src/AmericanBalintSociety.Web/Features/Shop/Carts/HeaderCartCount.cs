using System.Security.Claims;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>
/// The header's cart count. Only a visitor with a cart cookie, or a member, can have a cart: anyone else costs no
/// scoped service, no database context and no query; a member's count comes from <see cref="MemberCartCounts"/>.
/// </summary>
public sealed class HeaderCartCount(CartCookie cookie, MemberCartCounts memberCounts) : IHeaderCartCount
{
    public bool MayHaveCart(HttpContext context) => cookie.MayHaveCart(context);

    public async ValueTask<int> CountAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!cookie.MayHaveCart(context))
        {
            return 0;
        }

        var carts = context.RequestServices.GetRequiredService<CartService>();
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return await carts.CountForHeaderAsync(context.RequestAborted);
        }

        try
        {
            return await memberCounts.GetAsync(userId, () => carts.CountAsync(context.RequestAborted));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return 0; // never fails a page (an error page included); not kept, so the next page asks again
        }
    }
}
