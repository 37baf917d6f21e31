using AmericanBalintSociety.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// Identity's second sign-in step pages (authenticator code, recovery code) answered a 500 when opened without the
/// cookie the password step leaves, or with a forged one. This sends such a visitor back to the sign-in page instead,
/// and writes a security event when the cookie was there but could not be read.
/// </summary>
public sealed class TwoFactorStepFilter(SecurityEventLog events) : IAsyncPageFilter
{
    /// <summary>The Identity pages it guards.</summary>
    public static readonly IReadOnlyList<string> Pages = ["/Account/LoginWith2fa", "/Account/LoginWithRecoveryCode"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var result = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (result.Principal?.Identity?.Name is null)
        {
            if (result.Failure is not null && result.Failure.Message != "Ticket expired")
            {
                events.Write(http, SecurityEvent.UndecryptableToken, "a second-step sign-in cookie that cannot be decrypted");
            }

            context.Result = new RedirectToPageResult("/Account/Login", new { area = "Identity" });
            return;
        }

        await next();
    }
}
