using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Seo;

/// <summary>The PNG icons and the web manifest that name the site on phones and in browsers' tabs and bookmarks.</summary>
public sealed class SiteIconsController(SiteIcons icons, OpenGraphImage sharedImage, Organization organization) : Controller
{
    /// <summary>The picture a shared link shows for a page without a cover of its own (the layout's <c>og:image</c>).</summary>
    [HttpGet("/og-image.png")]
    public FileContentResult SharedImage()
    {
        Response.Headers.CacheControl = "public, max-age=604800";
        return File(sharedImage.Png, "image/png");
    }

    [HttpGet("/favicon-32.png")]
    public IActionResult Favicon() => Icon(32);

    [HttpGet("/apple-touch-icon.png")]
    public IActionResult AppleTouchIcon() => Icon(180);

    [HttpGet("/icon-{size:int}.png")]
    public IActionResult Sized(int size) => size is 192 or 512 ? Icon(size) : NotFound();

    [HttpGet("/site.webmanifest")]
    public ContentResult Manifest()
    {
        Response.Headers.CacheControl = "public, max-age=86400";
        return Content(System.Text.Json.JsonSerializer.Serialize(new
        {
            name = organization.Name,
            short_name = organization.ShortName,
            start_url = "/",
            display = "browser",
            background_color = "#fbfaf7",
            theme_color = "#1d4e5f",
            icons = new[]
            {
                new { src = "/icon-192.png", sizes = "192x192", type = "image/png" },
                new { src = "/icon-512.png", sizes = "512x512", type = "image/png" },
                new { src = "/favicon.svg", sizes = "any", type = "image/svg+xml" },
            },
        }), "application/manifest+json; charset=utf-8");
    }

    private FileContentResult Icon(int size)
    {
        Response.Headers.CacheControl = "public, max-age=604800";
        return File(icons.Png(size)!, "image/png");
    }
}
