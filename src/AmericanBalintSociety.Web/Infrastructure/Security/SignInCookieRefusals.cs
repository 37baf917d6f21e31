using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>
/// A sign-in cookie the site refuses (forged or mangled, from keys it no longer has, or of a session that was signed out)
/// writes one security event and is deleted from the browser, so the refusal is logged once rather than on every
/// request that browser makes. An expired cookie is ordinary and writes nothing.
/// </summary>
public sealed class SignInCookieRefusals(RequestDelegate next, SecurityEventLog events, IOptionsMonitor<CookieAuthenticationOptions> cookies)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.User.Identity?.IsAuthenticated != true)
        {
            var options = cookies.Get(IdentityConstants.ApplicationScheme);
            var name = options.Cookie.Name!;
            if (context.Request.Cookies.ContainsKey(name))
            {
                // The handler keeps its result for the request: this asks again without reading the cookie again.
                var result = await context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
                var refusal = result.Failure?.Message switch
                {
                    "Unprotect ticket failed" => (SecurityEvent.UndecryptableToken, "a sign-in cookie that cannot be decrypted"),
                    "SessionId missing" => (SecurityEvent.UndecryptableToken, "a sign-in cookie without a session key (made before sessions were kept on the server)"),
                    "Identity missing in session store" => (SecurityEvent.EndedSessionUsed, "the sign-in cookie of an ended session"),
                    _ => ((SecurityEvent, string)?)null,
                };
                if (refusal is var (kind, reason))
                {
                    events.Write(context, kind, reason);
                    context.Response.Cookies.Delete(name, options.Cookie.Build(context));
                }
            }
        }

        await next(context);
    }
}
