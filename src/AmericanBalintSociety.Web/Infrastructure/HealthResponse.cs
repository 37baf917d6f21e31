using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// <c>/healthz</c>'s answer as JSON: the overall status and each check's status and reason, so an operator (or a
/// monitor) sees why the site is degraded. Degraded still answers 200: the site serves; Unhealthy answers 503.
/// </summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, cancellationToken: context.RequestAborted);
    }
}
