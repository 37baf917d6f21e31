using System.Collections.Frozen;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// The first path segments the site itself uses, which a page (served at <c>/{slug}</c>) may not take: the literal
/// first segment of every controller and Razor Page route (so a feature added later is protected without anyone
/// updating a list), the
/// top-level names in <c>wwwroot</c> (served before routing), and a few that are not routes of this app but must
/// never be a page (Identity's area, health checks, well-known files). Read once, on first use, when routing is built.
/// </summary>
public sealed class ReservedAddresses(IActionDescriptorCollectionProvider actions, IWebHostEnvironment environment)
{
    private static readonly string[] Always =
    [
        "identity", "account", "admin", "api", "media", "healthz", "well-known", "sitemap", "robots", "feed", "search",
        "login", "logout", "register", "error", "errors", "static", "assets", "lib", "css", "js", "images",
    ];

    private FrozenSet<string>? _reserved;

    public bool IsReserved(string slug)
    {
        ArgumentNullException.ThrowIfNull(slug);
        return (_reserved ??= Build()).Contains(slug);
    }

    private FrozenSet<string> Build()
    {
        var names = new HashSet<string>(Always, StringComparer.OrdinalIgnoreCase);
        foreach (var template in actions.ActionDescriptors.Items.Select(a => a.AttributeRouteInfo?.Template).OfType<string>())
        {
            var first = template.TrimStart('~', '/').Split('/', 2)[0];
            if (first.Length > 0 && !first.Contains('{', StringComparison.Ordinal))
            {
                names.Add(first);
            }
        }

        foreach (var entry in environment.WebRootFileProvider.GetDirectoryContents(""))
        {
            names.Add(Path.GetFileNameWithoutExtension(entry.Name));
            names.Add(entry.Name);
        }

        return names.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
