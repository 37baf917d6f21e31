using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AmericanBalintSociety.Web.Data.Seeding;

/// <summary>A Markdown file with YAML front matter between two <c>---</c> lines.</summary>
public sealed record FrontMatterDocument<T>(T FrontMatter, string Body);

public static class FrontMatterDocument
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>Splits and parses a document; a missing or malformed header throws <see cref="InvalidDataException"/> with the reason.</summary>
    public static FrontMatterDocument<T> Parse<T>(string text)
        where T : new()
    {
        ArgumentNullException.ThrowIfNull(text);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal))
        {
            throw new InvalidDataException("The file does not start with front matter ('---' on the first line).");
        }

        var end = normalized.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            throw new InvalidDataException("The front matter is not closed by a '---' line.");
        }

        var yaml = normalized[4..(end + 1)];
        var afterMarker = normalized.IndexOf('\n', end + 4);
        var body = afterMarker < 0 ? "" : normalized[(afterMarker + 1)..];

        T frontMatter;
        try
        {
            frontMatter = Yaml.Deserialize<T?>(yaml) ?? new T();
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"The front matter is not valid YAML (line {ex.Start.Line}): {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        return new FrontMatterDocument<T>(frontMatter, body.Trim('\n'));
    }
}
