using SkiaSharp;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>One width of a processed cover: WebP, and the fallback format (JPEG, or PNG when the image has transparency).</summary>
public sealed record CoverVariant(int Width, int Height, byte[] Webp, byte[] Fallback);

/// <summary>A cover made safe and ready to serve: its size, its fallback format's extension, and its widths, largest last.</summary>
public sealed record ProcessedCover(int Width, int Height, string FallbackExtension, IReadOnlyList<CoverVariant> Variants);

/// <summary>
/// Decodes an uploaded cover and encodes it again with Skia: what is served is only the pixels, never the uploaded
/// file, so metadata (EXIF, GPS: where a phone photo was taken) is gone, and anything hidden in the file (a polyglot's
/// HTML or script) does not survive. The photo is turned upright as its EXIF orientation says, and made at a few widths.
/// </summary>
public static class CoverImageProcessor
{
    /// <summary>The widths made (never larger than the image itself); the largest is also the "master" file.</summary>
    public static readonly int[] Widths = [480, 960, 1600];

    /// <summary>Refused before decoding: an image this large in pixels is a decompression bomb, not a cover.</summary>
    public const long MaxPixels = 40_000_000;

    private const int WebpQuality = 80;
    private const int JpegQuality = 85;

    /// <summary>The processed cover, or null with the reason when the bytes are not an image Skia can read.</summary>
    /// <param name="content">The uploaded file.</param>
    /// <param name="fallbackExtension">".jpg" or ".png" to force the fallback format (reprocessing a stored cover keeps
    /// its name); null to choose: JPEG, or PNG when the image has transparency.</param>
    public static (ProcessedCover? Cover, string? Error) Process(byte[] content, string? fallbackExtension = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            return (null, "The image could not be read. Save it again as JPEG, PNG or WebP and choose it once more.");
        }

        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return (null, $"The image is {codec.Info.Width} × {codec.Info.Height} pixels; covers can have at most 40 million pixels.");
        }

        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return (null, "The image could not be read. Save it again as JPEG, PNG or WebP and choose it once more.");
        }

        using var rotated = codec.EncodedOrigin == SKEncodedOrigin.TopLeft ? null : Upright(decoded, codec.EncodedOrigin);
        var upright = rotated ?? decoded;
        // JPEG only for an image that cannot be transparent; a PNG or WebP with an alpha channel stays PNG (a sampled
        // check could miss a transparent area and turn it black).
        var opaque = fallbackExtension switch
        {
            ".jpg" => true,
            ".png" => false,
            _ => upright.AlphaType == SKAlphaType.Opaque || codec.EncodedFormat == SKEncodedImageFormat.Jpeg,
        };
        var fallback = opaque ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Png;
        var variants = new List<CoverVariant>();
        foreach (var width in Widths.Where(w => w < upright.Width).Append(Math.Min(upright.Width, Widths[^1])).Distinct().Order())
        {
            var height = Math.Max(1, (int)Math.Round(upright.Height * (double)width / upright.Width));
            using var scaled = width == upright.Width ? null : upright.Resize(new SKImageInfo(width, height, upright.ColorType, upright.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
            if (width != upright.Width && scaled is null)
            {
                return (null, "The image could not be resized. Save it again as JPEG or PNG and choose it once more.");
            }

            using var image = SKImage.FromBitmap(scaled ?? upright);
            using var webp = image.Encode(SKEncodedImageFormat.Webp, WebpQuality);
            using var other = image.Encode(fallback, fallback == SKEncodedImageFormat.Jpeg ? JpegQuality : 100);
            variants.Add(new CoverVariant(width, height, webp.ToArray(), other.ToArray()));
        }

        var largest = variants[^1];
        return (new ProcessedCover(largest.Width, largest.Height, opaque ? ".jpg" : ".png", variants), null);
    }

    /// <summary>The bitmap as it should be seen: rotated or flipped as the camera recorded (EXIF orientation).</summary>
    private static SKBitmap Upright(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var width = swap ? bitmap.Height : bitmap.Width;
        var height = swap ? bitmap.Width : bitmap.Height;
        var result = new SKBitmap(new SKImageInfo(width, height, bitmap.ColorType, bitmap.AlphaType));
        try
        {
            Draw(result, bitmap, origin, width, height);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static void Draw(SKBitmap result, SKBitmap bitmap, SKEncodedOrigin origin, int width, int height)
    {
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(origin switch
        {
            SKEncodedOrigin.TopRight => SKMatrix.CreateScale(-1, 1, width / 2f, 0),
            SKEncodedOrigin.BottomRight => SKMatrix.CreateRotationDegrees(180, width / 2f, height / 2f),
            SKEncodedOrigin.BottomLeft => SKMatrix.CreateScale(1, -1, 0, height / 2f),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
            _ => SKMatrix.Identity,
        });
        using var image = SKImage.FromBitmap(bitmap);
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
    }
}
