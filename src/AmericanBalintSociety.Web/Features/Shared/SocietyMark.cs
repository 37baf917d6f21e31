using SkiaSharp;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// The society's mark as Skia draws it, from the geometry of <c>wwwroot/favicon.svg</c> on a 48-unit grid: eight
/// clinicians (dots on a circle of radius 13) around the case they bring (the gold centre). The icons, the shared-link
/// picture and the mails' header all draw it from here.
/// </summary>
public static class SocietyMark
{
    public static readonly SKColor Brand = SKColor.Parse("#1d4e5f");
    public static readonly SKColor Paper = SKColor.Parse("#fbfaf7");
    public static readonly SKColor Gold = SKColor.Parse("#f0c27b");

    /// <summary>How the mark sits on its ground.</summary>
    public enum Ground
    {
        /// <summary>A teal disc under light dots (the favicon and the round icons).</summary>
        Disc,

        /// <summary>A teal square under light dots (the apple-touch-icon: iOS rounds the corners itself).</summary>
        Square,

        /// <summary>A light ring and dots on a teal that is already there (the header, the shared-link picture).</summary>
        Ring,
    }

    /// <summary>Draws the mark centred at (<paramref name="x"/>, <paramref name="y"/>) with the given outer radius.</summary>
    public static void Draw(SKCanvas canvas, float x, float y, float radius, Ground ground)
    {
        ArgumentNullException.ThrowIfNull(canvas);
        var unit = radius / 24f;
        using var paint = new SKPaint { IsAntialias = true, Color = Brand };
        switch (ground)
        {
            case Ground.Disc:
                canvas.DrawCircle(x, y, radius, paint);
                break;
            case Ground.Square:
                canvas.DrawRect(x - radius, y - radius, 2 * radius, 2 * radius, paint);
                break;
            case Ground.Ring:
                paint.Color = Paper;
                paint.Style = SKPaintStyle.Stroke;
                paint.StrokeWidth = 2 * unit;
                canvas.DrawCircle(x, y, 22.5f * unit, paint);
                paint.Style = SKPaintStyle.Fill;
                break;
        }

        paint.Color = Paper;
        for (var k = 0; k < 8; k++)
        {
            var angle = k * Math.PI / 4;
            canvas.DrawCircle(x + (float)(13 * unit * Math.Cos(angle)), y + (float)(13 * unit * Math.Sin(angle)), 3.4f * unit, paint);
        }

        paint.Color = Gold;
        canvas.DrawCircle(x, y, 4.5f * unit, paint);
    }

    /// <summary>The mark alone as a square PNG with a transparent corner (or a full square for <see cref="Ground.Square"/>).</summary>
    public static byte[] Png(int size, Ground ground)
    {
        using var surface = SKSurface.Create(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(SKColors.Transparent);
        Draw(surface.Canvas, size / 2f, size / 2f, size / 2f, ground);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
