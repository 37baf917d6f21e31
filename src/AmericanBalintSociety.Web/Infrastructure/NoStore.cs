namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Marks a response that must not be kept by any cache on the way or by the browser (a member's own page).</summary>
public static class NoStore
{
    /// <summary>
    /// <c>Cache-Control: no-cache, no-store</c> and <c>Pragma: no-cache</c>: exactly what antiforgery sets on a page with
    /// a form, so the two agree (antiforgery logs a warning whenever it has to override a different value).
    /// </summary>
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
    }
}
