using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Infrastructure.Security;

/// <summary>
/// Writes a security event for every form post refused for its antiforgery token (MVC and Razor Pages answer those with
/// <see cref="IAntiforgeryValidationFailedResult"/>, a 400), saying which part was missing or wrong.
/// </summary>
public sealed class AntiforgeryRefusalLogger(SecurityEventLog events, IOptions<AntiforgeryOptions> antiforgery) : IAlwaysRunResultFilter
{
    public void OnResultExecuting(ResultExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Result is not IAntiforgeryValidationFailedResult)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var options = antiforgery.Value;
        var reason = !request.Cookies.ContainsKey(options.Cookie.Name!) ? "no antiforgery cookie"
            : request.HasFormContentType && !request.Form.ContainsKey(options.FormFieldName) && !request.Headers.ContainsKey(options.HeaderName ?? "")
                ? "no antiforgery token in the form"
                : "the antiforgery token does not match its cookie, or cannot be decrypted";
        events.Write(context.HttpContext, SecurityEvent.AntiforgeryRefused, reason);
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
