namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// The site's cookie names. Outside Development, where the site is always HTTPS, each carries the <c>__Host-</c>
/// prefix (ASVS V3.3.3): the browser then keeps it only if it is Secure, for the whole site (path /) and for this exact
/// host (no Domain), so neither a sibling subdomain nor a plain-http page can set or overwrite it. Development runs on
/// http://localhost, where Secure cookies are not sent, so the plain names are used there.
/// </summary>
public static class SiteCookies
{
    public const string HostPrefix = "__Host-";

    public const string SignIn = "abs.auth";

    public const string Antiforgery = "abs.af";

    public const string Cart = "abs.cart";

    public const string TempData = "abs.td";

    public const string TwoFactorUser = "abs.2fa";

    public const string TwoFactorRememberMachine = "abs.2fa-remember";

    public const string ExternalSignIn = "abs.external";

    /// <summary>The name a cookie goes by in <paramref name="environment"/>.</summary>
    public static string Name(string baseName, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.IsDevelopment() ? baseName : HostPrefix + baseName;
    }
}
