using System.Collections.Concurrent;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Seo;

/// <summary>
/// The PNG icons browsers and phones ask for (favicon sizes, apple-touch-icon, the web manifest's), drawn with Skia from
/// the same geometry as <c>wwwroot/favicon.svg</c> (eight in a circle around the case), once per size, then kept.
/// </summary>
public sealed class SiteIcons
{
    /// <summary>The sizes served: 32 (favicon), 180 (apple-touch-icon), 192 and 512 (the web manifest).</summary>
    public static readonly int[] Sizes = [32, 180, 192, 512];

    private readonly ConcurrentDictionary<int, byte[]> _pngs = new();

    public byte[]? Png(int size) => Sizes.Contains(size) ? _pngs.GetOrAdd(size, Draw) : null;

    /// <summary>A teal disc, or a full square for the apple-touch-icon (180), which iOS rounds itself.</summary>
    private static byte[] Draw(int size) =>
        SocietyMark.Png(size, size == 180 ? SocietyMark.Ground.Square : SocietyMark.Ground.Disc);
}
