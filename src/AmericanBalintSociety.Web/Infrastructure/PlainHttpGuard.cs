using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// Outside Development the site is HTTPS only (its cookies are Secure). Reached over plain HTTP it used to answer 500 on
/// every page with a form, since the antiforgery cookie cannot be set; the usual cause is a TLS proxy whose
/// <c>X-Forwarded-Proto</c> the site does not read. Now such a request gets a plain page saying what to set (the health
/// checks still answer, for a local monitor), and the start warns when the site listens on HTTP only without reading
/// forwarded headers.
/// </summary>
public static class PlainHttpGuard
{
    public const string ForwardedHeadersSetting = "ASPNETCORE_FORWARDEDHEADERS_ENABLED";

    private static int _warned;

    public static IApplicationBuilder UsePlainHttpGuard(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Use(async (context, next) =>
        {
            if (context.Request.IsHttps || context.Request.Path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            if (Interlocked.Exchange(ref _warned, 1) == 0)
            {
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlainHttpGuard))
                    .LogWarning("A request reached the site over plain HTTP and was refused; see the page it was shown: set {Setting}=true behind a TLS proxy", ForwardedHeadersSetting);
            }

            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(Page, context.RequestAborted);
        });
    }

    /// <summary>Why the start warns (the site listens on plain HTTP only and reads no forwarded headers), or null.</summary>
    public static string? StartProblem(IEnumerable<string> addresses, bool forwardedHeadersEnabled)
    {
        var listening = addresses.ToList();
        return forwardedHeadersEnabled || listening.Count == 0 || listening.Any(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ? null
            : $"The site listens on plain HTTP only ({string.Join(", ", listening)}) and does not read X-Forwarded-Proto, so every request "
              + $"will be refused as not HTTPS. Behind a reverse proxy that terminates TLS, set {ForwardedHeadersSetting}=true (and let only the proxy reach this port); "
              + "otherwise give Kestrel an HTTPS address and certificate.";
    }

    /// <summary>Logs <see cref="StartProblem"/> once the server has its addresses.</summary>
    public static void WarnAtStart(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (StartProblem(addresses, app.Configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED")) is { } problem)
            {
                app.Logger.LogWarning("{Problem}", problem);
            }
        });
    }

    private static readonly string Page = $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>This site needs HTTPS</title></head>
        <body>
        <h1>This site needs HTTPS</h1>
        <p>The request reached the site over plain HTTP, which it does not serve: its sign-in and form cookies are sent over HTTPS only.</p>
        <p><strong>If you run the site:</strong> behind a reverse proxy (nginx, Caddy) that terminates TLS, the proxy must send
        <code>X-Forwarded-Proto</code> and <code>X-Forwarded-For</code>, and the site must read them: set the environment variable
        <code>{WebUtility.HtmlEncode(ForwardedHeadersSetting)}=true</code> and let only the proxy reach the site's port. Without a proxy, give the
        site an HTTPS address and certificate. The recipes are in <code>docs/deploy/</code>.</p>
        <p>If you were visiting, please try again with <code>https://</code> at the start of the address.</p>
        </body>
        </html>
        """;
}
