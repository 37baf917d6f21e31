using AmericanBalintSociety.Web.Features.Shared;
using SkiaSharp;

namespace AmericanBalintSociety.Web.Features.Seo;

/// <summary>
/// The picture a link to the site shows when shared (OpenGraph and Twitter cards) on a page without a cover of its own:
/// a 1200×630 PNG with the mark, the society's name and its one-line description, drawn with Skia in Source Serif 4
/// (embedded, OFL) the first time it is asked for, then kept. Nothing is drawn by hand: a change of name or line is a
/// restart away.
/// </summary>
public sealed class OpenGraphImage(Organization organization)
{
    public const int Width = 1200;
    public const int Height = 630;

    private static readonly SKColor Ink = SKColor.Parse("#2b2b2b");

    private readonly Lazy<byte[]> _png = new(() => Draw(organization));

    /// <summary>The words a screen reader gives for the picture (<c>og:image:alt</c>).</summary>
    public string Alt => $"{organization.Name}. {organization.Tagline}";

    public byte[] Png => _png.Value;

    private static byte[] Draw(Organization organization)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SocietyMark.Paper);
        using var paint = new SKPaint { IsAntialias = true, Color = SocietyMark.Brand };

        // A teal band on the left holding the mark, as the header holds it beside the name.
        canvas.DrawRect(0, 0, 380, Height, paint);
        SocietyMark.Draw(canvas, 190, Height / 2f, 120, SocietyMark.Ground.Ring);

        // A gold rule under the band's edge ties the two halves, as the site's accent does.
        paint.Color = SocietyMark.Gold;
        canvas.DrawRect(380, 0, 12, Height, paint);

        using var heading = LoadTypeface("SourceSerif4-SemiBold");
        using var body = LoadTypeface("SourceSerif4-Regular");
        using var nameFont = new SKFont(heading, 76) { Subpixel = true };
        using var lineFont = new SKFont(body, 38) { Subpixel = true };

        const float left = 452;
        const float textWidth = Width - left - 72;
        var nameLines = Wrap(organization.Name, nameFont, textWidth);
        var taglineLines = Wrap(organization.Tagline, lineFont, textWidth);
        var nameHeight = nameLines.Count * 88f;
        var taglineHeight = taglineLines.Count * 52f;
        var y = (Height - (nameHeight + 36 + taglineHeight)) / 2 + 70;

        paint.Color = SocietyMark.Brand;
        foreach (var line in nameLines)
        {
            canvas.DrawText(line, left, y, SKTextAlign.Left, nameFont, paint);
            y += 88;
        }

        y += 36 - 88 + 52;
        paint.Color = Ink;
        foreach (var line in taglineLines)
        {
            canvas.DrawText(line, left, y, SKTextAlign.Left, lineFont, paint);
            y += 52;
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>Greedy word wrap: as many words on a line as fit the width.</summary>
    internal static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        var current = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (current.Length > 0 && font.MeasureText(candidate) > width)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        if (current.Length > 0)
        {
            lines.Add(current);
        }

        return lines;
    }

    private static SKTypeface LoadTypeface(string name)
    {
        var resource = $"AmericanBalintSociety.Web.Features.Seo.Fonts.{name}.ttf";
        using var stream = typeof(OpenGraphImage).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded font {resource} is missing.");
        // Copied into Skia's own memory: a typeface reads its file lazily, long after this stream is closed.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The embedded font {resource} could not be read.");
    }
}
