using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop.Downloads;

/// <summary>An ebook file as stored: its generated name and its content type.</summary>
public sealed record StoredEbook(string Name, string ContentType);

/// <summary>Ebook files, outside wwwroot under generated names, accepted only when their bytes are a PDF or an EPUB.</summary>
public sealed class EbookStore(IOptions<ShopOptions> options, Infrastructure.SiteData data)
{
    public string Directory => data.Resolve(options.Value.EbookDirectory);

    /// <summary>Stores the file; returns its stored name and type, or an error a person can act on.</summary>
    public async Task<Result<StoredEbook>> SaveAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (length <= 0)
        {
            return Result.Failure<StoredEbook>("Choose the ebook file (PDF or EPUB).");
        }

        if (length > options.Value.MaxEbookBytes)
        {
            return Result.Failure<StoredEbook>($"The file is larger than {options.Value.MaxEbookBytes / (1024 * 1024)} MB.");
        }

        var head = new byte[64];
        var read = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        var kind = Sniff(head.AsSpan(0, read));
        if (kind is null)
        {
            return Result.Failure<StoredEbook>("That file is not a PDF or an EPUB (its content was checked, not its name).");
        }

        System.IO.Directory.CreateDirectory(Directory);
        var name = $"{Guid.NewGuid():N}{kind.Value.Extension}";
        var path = Path.Combine(Directory, name);
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await file.WriteAsync(head.AsMemory(0, read), cancellationToken);
            await content.CopyToAsync(file, cancellationToken);
        }

        return Result.Success(new StoredEbook(name, kind.Value.ContentType));
    }

    /// <summary>The full path of a stored file, or null when the name is not one of ours or the file is gone.</summary>
    public string? PathOf(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        var path = Path.Combine(Directory, name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>PDF starts with "%PDF-"; an EPUB is a ZIP whose first entry is "mimetype" holding "application/epub+zip".</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return ("application/pdf", ".pdf");
        }

        if (head.Length >= 58 && head.StartsWith("PK\u0003\u0004"u8) && head[30..38].SequenceEqual("mimetype"u8)
            && head[38..58].SequenceEqual("application/epub+zip"u8))
        {
            return ("application/epub+zip", ".epub");
        }

        return null;
    }
}
