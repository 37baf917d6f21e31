namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Security headers on every response, pages and files alike.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Only the site's own scripts, styles and fonts; no plugins, no &lt;base&gt;, no framing.
    /// Forms may post to the site and be redirected on to Stripe Checkout.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; " +
        "form-action 'self' https://checkout.stripe.com";

    /// <summary>
    /// The policy, with the origin of a Stripe-compatible server (<c>Stripe:ApiBase</c>, the tests' stand-in) allowed as
    /// a form's redirect target too: checkout's form is redirected to wherever the Checkout Session lives.
    /// </summary>
    public static string PolicyFor(string? stripeApiBase) =>
        Uri.TryCreate(stripeApiBase, UriKind.Absolute, out var api)
            ? $"{ContentSecurityPolicy} {api.GetLeftPart(UriPartial.Authority)}"
            : ContentSecurityPolicy;

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var policy = PolicyFor(app.ApplicationServices.GetRequiredService<IConfiguration>()["Stripe:ApiBase"]);
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
