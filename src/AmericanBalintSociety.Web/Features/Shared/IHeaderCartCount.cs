namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// The number in the header's cart link. The shop provides it; the layout, which every page renders, only asks, so
/// the shared layout does not depend on the shop. It must stay cheap for a visitor who has no cart.
/// </summary>
public interface IHeaderCartCount
{
    /// <summary>Whether this visitor's header may show a cart, so a page cached for everyone would be wrong for them.</summary>
    bool MayHaveCart(HttpContext context);

    ValueTask<int> CountAsync(HttpContext context);
}
