using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// Absolute addresses for canonical links, feeds, sitemaps and mail: <c>Site:PublicBaseUrl</c>, which the site requires
/// outside Development; only there, without it, the request's own.
/// </summary>
public sealed class SiteUrls(IOptions<SiteOptions> options)
{
    // Every page asks for its canonical address, so the base is built once: from the configuration, or (without
    // one, in Development only) remembered for the last scheme, host and path base seen, nearly always the same one.
    private readonly Uri? _configured = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl)
        ? null
        : new Uri(options.Value.PublicBaseUrl.TrimEnd('/') + "/");

    private RequestBase? _last;

    public Uri Base(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_configured is not null)
        {
            return _configured;
        }

        var last = _last;
        if (last is not null && last.Matches(request))
        {
            return last.Uri;
        }

        last = new RequestBase(request.Scheme, request.Host, request.PathBase,
            new Uri($"{request.Scheme}://{request.Host}{request.PathBase}/"));
        _last = last;
        return last.Uri;
    }

    public Uri Absolute(HttpRequest request, string path) => new(Base(request), (path ?? "").TrimStart('/'));

    private sealed record RequestBase(string Scheme, HostString Host, PathString PathBase, Uri Uri)
    {
        public bool Matches(HttpRequest request) =>
            string.Equals(Scheme, request.Scheme, StringComparison.Ordinal)
            && Host.Equals(request.Host) // HostString compares host names ignoring case, as hosts are
            && PathBase.Equals(request.PathBase, StringComparison.Ordinal);
    }
}
