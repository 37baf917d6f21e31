using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>Serves stored cover images with their real type; the names are unguessable and never reused.</summary>
public sealed class MediaController(CoverImageStore covers) : Controller
{
    [HttpGet("/media/covers/{name}")]
    public IActionResult Cover(string name)
    {
        if (covers.Find(name) is not { } file)
        {
            return NotFound();
        }

        Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return PhysicalFile(file.Path, file.ContentType);
    }
}
