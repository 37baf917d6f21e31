using AmericanBalintSociety.Web.Infrastructure;

namespace AmericanBalintSociety.Web.Features.Shop.Carts;

/// <summary>The visitor's cart cookie: the cart's random id (122 bits), HttpOnly, 30 days; <c>__Host-</c> outside Development.</summary>
public sealed class CartCookie(IHostEnvironment environment)
{
    public string Name { get; } = SiteCookies.Name(SiteCookies.Cart, environment);

    private readonly bool _alwaysSecure = WebFoundation.CookieSecurity(environment) == CookieSecurePolicy.Always;

    /// <summary>Whether the request can have a cart at all: a signed-in member, or a visitor with the cookie.</summary>
    public bool MayHaveCart(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.User.Identity?.IsAuthenticated == true || context.Request.Cookies.ContainsKey(Name);
    }

    public Guid? Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Cookies.TryGetValue(Name, out var value) && Guid.TryParse(value, out var id) ? id : null;
    }

    public void Write(HttpResponse response, Guid cartId, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Append(Name, cartId.ToString("N"), Options(response, lifetime));
    }

    public void Delete(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Cookies.Delete(Name, Options(response, lifetime: null));
    }

    private CookieOptions Options(HttpResponse response, TimeSpan? lifetime) => new()
    {
        HttpOnly = true,
        Secure = _alwaysSecure || response.HttpContext.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        MaxAge = lifetime,
        IsEssential = true, // the cart is what the visitor asked for
        Path = "/",
    };
}
