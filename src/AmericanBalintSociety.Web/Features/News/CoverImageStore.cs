using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// Cover images: JPEG, PNG or WebP only, recognised by their first bytes (never by name or declared type),
/// at most <see cref="NewsOptions.MaxCoverImageBytes"/>, kept outside wwwroot under a generated name.
/// </summary>
public sealed partial class CoverImageStore(IOptions<NewsOptions> options, IHostEnvironment environment)
{
    /// <summary>Whether a name has the shape of one this store gives (<c>{32 hex digits}.jpg|png|webp</c>): no path, nothing else.</summary>
    public static bool IsStoredName(string? name) => name is not null && StoredName().IsMatch(name);

    /// <summary>Whether the name is a cover this store holds: the right shape, and the file is there.</summary>
    public bool IsStored(string? name) => IsStoredName(name) && File.Exists(Path.Combine(Directory, name!));

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{32}\\.(?:jpg|png|webp)$")]
    private static partial System.Text.RegularExpressions.Regex StoredName();

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".jpg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
    };

    public string Directory => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.MediaDirectory, "covers"));

    /// <summary>Checks and stores an upload; returns the stored name, or the reason it was refused.</summary>
    public async Task<Result<string>> SaveAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var limit = options.Value.MaxCoverImageBytes;
        if (length == 0)
        {
            return Result.Failure<string>("The chosen file is empty.");
        }

        if (length > limit)
        {
            return Result.Failure<string>($"The image is {length / 1024 / 1024.0:0.#} MB; the largest allowed is {limit / 1024 / 1024} MB.");
        }

        var header = new byte[12];
        var read = await content.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken);
        var extension = Recognise(header.AsSpan(0, read));
        if (extension is null)
        {
            return Result.Failure<string>("Only JPEG, PNG or WebP images can be used as a cover. This file is not one of them.");
        }

        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{Guid.NewGuid():N}{extension}";
        var path = Path.Combine(Directory, name);
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await file.WriteAsync(header.AsMemory(0, read), cancellationToken);
            await content.CopyToAsync(file, cancellationToken);
            if (file.Length > limit)
            {
                file.Close();
                File.Delete(path);
                return Result.Failure<string>($"The image is larger than {limit / 1024 / 1024} MB.");
            }
        }

        return Result.Success<string>(name); // the type named, or the message overload would take the name
    }

    /// <summary>The file and its type for a stored name; null for anything else (no path tricks possible).</summary>
    public (string Path, string ContentType)? Find(string name)
    {
        if (name.Length != 32 + 4 && name.Length != 32 + 5)
        {
            return null;
        }

        var extension = Path.GetExtension(name);
        if (!ContentTypes.TryGetValue(extension, out var type)
            || !Guid.TryParseExact(Path.GetFileNameWithoutExtension(name), "N", out _))
        {
            return null;
        }

        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? (path, type) : null;
    }

    internal static string? Recognise(ReadOnlySpan<byte> header)
    {
        if (header is [0xFF, 0xD8, 0xFF, ..])
        {
            return ".jpg";
        }

        if (header is [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..])
        {
            return ".png";
        }

        if (header.Length >= 12 && header[..4].SequenceEqual("RIFF"u8) && header[8..12].SequenceEqual("WEBP"u8))
        {
            return ".webp";
        }

        return null;
    }
}
