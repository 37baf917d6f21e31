using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>Absolute addresses for canonical links, feeds, sitemaps and mail: <c>Site:PublicBaseUrl</c>, else the request's own.</summary>
public sealed class SiteUrls(IOptions<SiteOptions> options)
{
    public Uri Base(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = options.Value.PublicBaseUrl;
        return string.IsNullOrWhiteSpace(configured)
            ? new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/")
            : new Uri(configured.TrimEnd('/') + "/");
    }

    public Uri Absolute(HttpRequest request, string path) => new(Base(request), (path ?? "").TrimStart('/'));
}
