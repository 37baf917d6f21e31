using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// <c>{slug:slug}</c>: matches only a valid address (<see cref="Slugs.IsValid"/>). The pages' root route needs it: a
/// bare <c>/{slug}</c> would also match <c>/google1234.html</c> and <c>/favicon.ico</c>, and the static files an
/// operator drops into wwwroot are served only when no endpoint took the request.
/// </summary>
public sealed class SlugRouteConstraint : IRouteConstraint
{
    public const string Name = "slug";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.TryGetValue(routeKey, out var value) && Slugs.IsValid(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
    }
}
