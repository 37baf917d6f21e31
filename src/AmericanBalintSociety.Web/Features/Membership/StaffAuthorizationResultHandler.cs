using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Staff who lack only two-factor authentication are sent to a page that says so and leads to the set-up,
/// instead of a bare "not allowed". Any other refusal of a signed-in account (403) writes a security event.
/// </summary>
public sealed class StaffAuthorizationResultHandler(SecurityEventLog events) : IAuthorizationMiddlewareResultHandler
{
    public const string TwoFactorRequiredPath = "/account/two-factor-required";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var failed = authorizeResult.AuthorizationFailure?.FailedRequirements.ToList();
        if (authorizeResult.Forbidden && failed is { Count: > 0 } && failed.All(r => r is StaffTwoFactorRequirement))
        {
            var returnUrl = context.Request.Path + context.Request.QueryString;
            context.Response.Redirect($"{TwoFactorRequiredPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
            return Task.CompletedTask;
        }

        if (authorizeResult.Forbidden)
        {
            var missing = failed is { Count: > 0 } ? string.Join("; ", failed.Select(r => r.ToString())) : "refused by the page's policy";
            events.Write(context, SecurityEvent.AccessDenied, missing);
        }

        return _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
