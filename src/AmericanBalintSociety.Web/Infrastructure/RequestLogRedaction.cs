using Microsoft.AspNetCore.HttpLogging;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// The one log line per request (method, path, status, duration; never the query string or a body) must not carry a
/// secret in the path either: a receipt's, a download's or a confirmation's token. For such routes the line names the
/// route's template (<c>/donate/receipt/{token}</c>) instead of the path. Each line carries the request's trace id.
/// </summary>
public sealed class RequestLogRedaction : IHttpLoggingInterceptor
{
    private static readonly string[] Secrets = ["token", "code"];

    public ValueTask OnRequestAsync(HttpLoggingInterceptorContext logContext)
    {
        ArgumentNullException.ThrowIfNull(logContext);
        if (logContext.HttpContext.GetEndpoint() is RouteEndpoint endpoint
            && endpoint.RoutePattern.Parameters.Any(p => Secrets.Contains(p.Name, StringComparer.OrdinalIgnoreCase)))
        {
            logContext.TryDisable(HttpLoggingFields.RequestPath);
            logContext.AddParameter("Path", "/" + endpoint.RoutePattern.RawText?.TrimStart('/'));
        }

        logContext.AddParameter("TraceId", System.Diagnostics.Activity.Current?.TraceId.ToString() ?? logContext.HttpContext.TraceIdentifier);

        return ValueTask.CompletedTask;
    }

    public ValueTask OnResponseAsync(HttpLoggingInterceptorContext logContext) => ValueTask.CompletedTask;
}
