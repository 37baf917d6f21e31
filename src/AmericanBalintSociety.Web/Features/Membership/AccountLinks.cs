using System.Text;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Absolute links into Identity's account pages, for mail.</summary>
public sealed class AccountLinks(SiteUrls urls, UserManager<ApplicationUser> users)
{
    public const string SignInPath = "/Identity/Account/Login";
    public const string ForgotPasswordPath = "/Identity/Account/ForgotPassword";

    /// <summary>A fresh email-confirmation link (the token encoded the way Identity's ConfirmEmail page reads it).</summary>
    public async Task<Uri> ConfirmEmailAsync(HttpRequest request, ApplicationUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        return urls.Absolute(request,
            $"/Identity/Account/ConfirmEmail?userId={Uri.EscapeDataString(user.Id)}&code={Uri.EscapeDataString(code)}");
    }

    public Uri SignIn(HttpRequest request) => urls.Absolute(request, SignInPath);

    public Uri ForgotPassword(HttpRequest request) => urls.Absolute(request, ForgotPasswordPath);
}
