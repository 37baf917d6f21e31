using System.Collections.Concurrent;
using SkiaSharp;

namespace AmericanBalintSociety.Web.Features.Seo;

/// <summary>
/// The PNG icons browsers and phones ask for (favicon sizes, apple-touch-icon, the web manifest's), drawn with Skia from
/// the same geometry as <c>wwwroot/favicon.svg</c> (eight in a circle around the case), once per size, then kept.
/// </summary>
public sealed class SiteIcons
{
    /// <summary>The sizes served: 32 (favicon), 180 (apple-touch-icon), 192 and 512 (the web manifest).</summary>
    public static readonly int[] Sizes = [32, 180, 192, 512];

    private static readonly SKColor Brand = SKColor.Parse("#1d4e5f");
    private static readonly SKColor Paper = SKColor.Parse("#fbfaf7");
    private static readonly SKColor Gold = SKColor.Parse("#f0c27b");

    private readonly ConcurrentDictionary<int, byte[]> _pngs = new();

    public byte[]? Png(int size) => Sizes.Contains(size) ? _pngs.GetOrAdd(size, Draw) : null;

    /// <summary>
    /// The mark on a 48-unit grid, scaled: a teal disc (a full square for the apple-touch-icon, which iOS rounds
    /// itself), eight light dots on a circle of radius 13, a gold centre.
    /// </summary>
    private static byte[] Draw(int size)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.Scale(size / 48f);
        using var paint = new SKPaint { IsAntialias = true, Color = Brand };
        if (size == 180)
        {
            canvas.DrawRect(0, 0, 48, 48, paint);
        }
        else
        {
            canvas.DrawCircle(24, 24, 24, paint);
        }

        paint.Color = Paper;
        for (var k = 0; k < 8; k++)
        {
            var angle = k * Math.PI / 4;
            canvas.DrawCircle(24 + (float)(13 * Math.Cos(angle)), 24 + (float)(13 * Math.Sin(angle)), 3.4f, paint);
        }

        paint.Color = Gold;
        canvas.DrawCircle(24, 24, 4.5f, paint);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
