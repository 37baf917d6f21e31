using AmericanBalintSociety.Web.Infrastructure;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>The visitor's cart cookie: the cart's random id (122 bits), HttpOnly, 30 days.</summary>
public static class CartCookie
{
    public const string Name = "abs.cart";

    /// <summary>Whether the request can have a cart at all: a signed-in member, or a visitor with the cookie.</summary>
    public static bool MayHaveCart(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated == true || context.Request.Cookies.ContainsKey(Name);
    }

    public static Guid? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.TryGetValue(Name, out var value) && Guid.TryParse(value, out var id) ? id : null;
    }

    public static void Write(HttpResponse response, Guid cartId, TimeSpan lifetime, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(Name, cartId.ToString("N"), new CookieOptions
        {
            HttpOnly = true,
            Secure = WebFoundation.CookieSecurity(environment) == CookieSecurePolicy.Always || response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            MaxAge = lifetime,
            IsEssential = true, // the cart is what the visitor asked for
            Path = "/",
        });
    }

    public static void Delete(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(Name, new CookieOptions { Path = "/" });
    }
}
