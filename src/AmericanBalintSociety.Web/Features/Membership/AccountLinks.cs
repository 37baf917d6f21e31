using System.Text;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>Absolute links into the account pages, for mail, with tokens encoded the way those pages read them.</summary>
public sealed class AccountLinks(SiteUrls urls, UserManager<ApplicationUser> users)
{
    public const string SignInPath = "/Identity/Account/Login";
    public const string SignOutPath = "/Identity/Account/Logout";
    public const string ForgotPasswordPath = "/Identity/Account/ForgotPassword";

    public Uri SiteBase(HttpRequest request) => urls.Base(request);

    public Task<Uri> ConfirmEmailAsync(HttpRequest request, ApplicationUser user, string? returnUrl = null) => ConfirmEmailAsync(urls.Base(request), user, returnUrl);

    /// <summary>
    /// A fresh email-confirmation link; with <paramref name="returnUrl"/> (a local path only: anything else is dropped), the
    /// confirmation page's "Sign in" leads back there, e.g. to the membership level being joined.
    /// </summary>
    public async Task<Uri> ConfirmEmailAsync(Uri siteBase, ApplicationUser user, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var back = IsLocalPath(returnUrl) ? $"&returnUrl={Uri.EscapeDataString(returnUrl!)}" : "";
        return Link(siteBase, $"/Identity/Account/ConfirmEmail?userId={Uri.EscapeDataString(user.Id)}&code={Encode(token)}{back}");
    }

    /// <summary>Whether an address is a path on this site ("/membership/join/2"), not another site's ("//evil.example", "https://…").</summary>
    public static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url.Length <= 500 && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));

    /// <summary>A fresh password-reset link.</summary>
    public async Task<Uri> ResetPasswordAsync(Uri siteBase, ApplicationUser user)
    {
        var token = await users.GeneratePasswordResetTokenAsync(user);
        return Link(siteBase, $"/Identity/Account/ResetPassword?code={Encode(token)}");
    }

    /// <summary>A fresh link confirming <paramref name="newEmail"/> as the account's address (mailed to that address).</summary>
    public async Task<Uri> ConfirmEmailChangeAsync(Uri siteBase, ApplicationUser user, string newEmail)
    {
        ArgumentNullException.ThrowIfNull(user);
        var token = await users.GenerateChangeEmailTokenAsync(user, newEmail);
        return Link(siteBase, $"/Identity/Account/ConfirmEmailChange?userId={Uri.EscapeDataString(user.Id)}&email={Uri.EscapeDataString(newEmail)}&code={Encode(token)}");
    }

    /// <summary>The "This wasn't me" link of a security notice; <paramref name="code"/> is already protected.</summary>
    public Uri NotMe(Uri siteBase, string code) => Link(siteBase, $"/Identity/Account/NotMe?code={Uri.EscapeDataString(code)}");

    public Uri SignIn(HttpRequest request) => urls.Absolute(request, SignInPath);

    public Uri ForgotPassword(HttpRequest request) => urls.Absolute(request, ForgotPasswordPath);

    /// <summary>The token in a link's <c>code</c>, or null when the code is missing or mangled.</summary>
    public static string? DecodeToken(string? code)
    {
        try
        {
            return string.IsNullOrEmpty(code) ? null : Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Encode(string token) => Uri.EscapeDataString(WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token)));

    private static Uri Link(Uri siteBase, string path) => new(siteBase, path.TrimStart('/'));
}
