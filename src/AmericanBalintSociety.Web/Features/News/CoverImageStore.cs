using System.Collections.Concurrent;
using System.Text.Json;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>What a stored cover's sidecar says: its size, its fallback format and the widths it was made at.</summary>
public sealed record CoverImageInfo(int Width, int Height, string FallbackExtension, int[] Widths);

/// <summary>
/// Cover images: JPEG, PNG or WebP only, recognised by their first bytes (never by name or declared type),
/// at most <see cref="NewsOptions.MaxCoverImageBytes"/>, kept outside wwwroot under a generated name. What is stored is
/// never the upload itself but the pixels encoded again (<see cref="CoverImageProcessor"/>): the cover's name
/// (<c>{guid}.jpg</c>, what the database holds) is the largest width, beside it <c>{guid}-{width}.webp</c> and
/// <c>{guid}-{width}.jpg</c> for each width, and <c>{guid}.json</c> saying which there are.
/// </summary>
public sealed partial class CoverImageStore(IOptions<NewsOptions> options, Infrastructure.SiteData data)
{
    private readonly ConcurrentDictionary<string, CoverImageInfo> _infos = new(StringComparer.Ordinal);

    /// <summary>Whether a name has the shape of one this store gives (<c>{32 hex digits}.jpg|png|webp</c>): no path, nothing else.</summary>
    public static bool IsStoredName(string? name) => name is not null && StoredName().IsMatch(name);

    /// <summary>Whether the name is a cover this store holds: the right shape, and the file is there.</summary>
    public bool IsStored(string? name) => IsStoredName(name) && File.Exists(Path.Combine(Directory, name!));

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{32}\\.(?:jpg|png|webp)$")]
    private static partial System.Text.RegularExpressions.Regex StoredName();

    /// <summary>A file this store serves: a cover's name, or one of its widths (<c>{guid}-960.webp</c>).</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{32}(?:-[0-9]{1,4})?\\.(?:jpg|png|webp)$")]
    private static partial System.Text.RegularExpressions.Regex ServedName();

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".jpg"] = "image/jpeg",
        [".png"] = "image/png",
        [".webp"] = "image/webp",
    };

    public string Directory => data.Resolve(Path.Combine(options.Value.MediaDirectory, "covers"));

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

        // Read at most one byte past the limit: a declared length is not trusted.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return Result.Failure<string>($"The image is larger than {limit / 1024 / 1024} MB.");
            }
        }

        var bytes = buffer.ToArray();
        if (Recognise(bytes.AsSpan(0, Math.Min(12, bytes.Length))) is null)
        {
            return Result.Failure<string>("Only JPEG, PNG or WebP images can be used as a cover. This file is not one of them.");
        }

        var (cover, error) = CoverImageProcessor.Process(bytes);
        if (cover is null)
        {
            return Result.Failure<string>(error!);
        }

        var id = Guid.NewGuid().ToString("N");
        await WriteAsync(id, id + cover.FallbackExtension, cover, masterIsWebp: false, cancellationToken);
        return Result.Success<string>(id + cover.FallbackExtension); // the type named, or the message overload would take the name
    }

    /// <summary>
    /// <c>media reprocess</c>: makes the widths and the sidecar for a cover stored before covers were processed, and
    /// replaces the stored file with its pixels encoded again (same name, same format). False when it already has them.
    /// </summary>
    public async Task<bool> ReprocessAsync(string name, CancellationToken cancellationToken)
    {
        if (!IsStored(name) || File.Exists(SidecarPath(name)))
        {
            return false;
        }

        var extension = Path.GetExtension(name);
        var (cover, error) = CoverImageProcessor.Process(await File.ReadAllBytesAsync(Path.Combine(Directory, name), cancellationToken),
            extension is ".jpg" or ".png" ? extension : null);
        if (cover is null)
        {
            throw new InvalidDataException($"{name}: {error}");
        }

        await WriteAsync(Path.GetFileNameWithoutExtension(name), name, cover, masterIsWebp: extension == ".webp", cancellationToken);
        return true;
    }

    /// <summary>Every cover name in the store (the files the database refers to).</summary>
    public IEnumerable<string> StoredNames() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory).Select(Path.GetFileName).OfType<string>().Where(IsStoredName).Order(StringComparer.Ordinal)
            : [];

    /// <summary>The sidecar of a processed cover; null for one not processed yet (then only its one file is served).</summary>
    public CoverImageInfo? Describe(string? name)
    {
        if (!IsStoredName(name))
        {
            return null;
        }

        if (_infos.TryGetValue(name!, out var known))
        {
            return known;
        }

        // Only a sidecar found is kept: `media reprocess` runs in another process, and a running site must see its work.
        var path = SidecarPath(name!);
        var info = File.Exists(path) ? JsonSerializer.Deserialize<CoverImageInfo>(File.ReadAllBytes(path), JsonOptions) : null;
        return info is null ? null : _infos.GetOrAdd(name!, info);
    }

    /// <summary>
    /// The file of a cover for a mail, where neither WebP nor <c>srcset</c> can be relied on: the JPEG (or PNG) of the
    /// smallest width covering <paramref name="cssWidth"/> twice over, with the cover's size; the stored file itself for
    /// one not processed yet, unless that is WebP (then null: better no picture than a broken one).
    /// </summary>
    public (string File, CoverImageInfo? Info)? ForMail(string? name, int cssWidth)
    {
        if (!IsStoredName(name))
        {
            return null;
        }

        if (Describe(name) is not { } info)
        {
            return name!.EndsWith(".webp", StringComparison.Ordinal) ? null : (name, null);
        }

        var width = info.Widths.FirstOrDefault(w => w >= 2 * cssWidth, info.Widths[^1]);
        return ($"{Path.GetFileNameWithoutExtension(name)}-{width}{info.FallbackExtension}", info);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private string SidecarPath(string name) => Path.Combine(Directory, Path.GetFileNameWithoutExtension(name) + ".json");

    /// <summary>The widths first, then the sidecar, then the cover's own name: a cover is never named before it is whole.</summary>
    private async Task WriteAsync(string id, string name, ProcessedCover cover, bool masterIsWebp, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        foreach (var variant in cover.Variants)
        {
            await File.WriteAllBytesAsync(Path.Combine(Directory, $"{id}-{variant.Width}.webp"), variant.Webp, cancellationToken);
            await File.WriteAllBytesAsync(Path.Combine(Directory, $"{id}-{variant.Width}{cover.FallbackExtension}"), variant.Fallback, cancellationToken);
        }

        var info = new CoverImageInfo(cover.Width, cover.Height, cover.FallbackExtension, [.. cover.Variants.Select(v => v.Width)]);
        await File.WriteAllBytesAsync(SidecarPath(name), JsonSerializer.SerializeToUtf8Bytes(info, JsonOptions), cancellationToken);
        var largest = cover.Variants[^1];
        var temporary = Path.Combine(Directory, $"{id}.tmp");
        await File.WriteAllBytesAsync(temporary, masterIsWebp ? largest.Webp : largest.Fallback, cancellationToken);
        File.Move(temporary, Path.Combine(Directory, name), overwrite: true);
        _infos.TryRemove(name, out _);
    }

    /// <summary>The file and its type for a stored name; null for anything else (no path tricks possible).</summary>
    public (string Path, string ContentType)? Find(string name)
    {
        if (!ServedName().IsMatch(name) || !ContentTypes.TryGetValue(Path.GetExtension(name), out var type))
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
