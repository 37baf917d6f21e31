using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Where to send someone back to after a step: only an address on this site, never one another site put there.</summary>
public static class ReturnUrls
{
    /// <summary><paramref name="returnUrl"/> when it is local, else <paramref name="fallback"/> (the home page by default).</summary>
    public static string LocalOr(this IUrlHelper url, string? returnUrl, string fallback = "~/")
    {
        ArgumentNullException.ThrowIfNull(url);
        return !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : url.Content(fallback);
    }
}
