using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>URL slugs: lower-case ASCII letters and digits joined by single hyphens.</summary>
public static partial class Slugs
{
    public const string Pattern = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

    /// <summary>The longest slug any address may use (the database columns that hold slugs are this long).</summary>
    public const int MaxLength = 200;

    public static bool IsValid(string? slug) => slug is { Length: > 0 and <= MaxLength } && SlugPattern().IsMatch(slug);

    /// <summary>"ABS Passes Diversity Resolution!" → "abs-passes-diversity-resolution"; accents dropped.</summary>
    public static string From(string? text, int maxLength = 80)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingHyphen = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’')
            {
                continue;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingHyphen && builder.Length > 0)
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingHyphen = false;
            }
            else
            {
                pendingHyphen = true;
            }
        }

        var slug = builder.ToString();
        if (slug.Length > maxLength)
        {
            slug = slug[..maxLength];
            var lastHyphen = slug.LastIndexOf('-');
            slug = (lastHyphen > maxLength / 2 ? slug[..lastHyphen] : slug).TrimEnd('-');
        }

        return slug;
    }

    /// <summary>"Council, Diversity , council" → distinct tags by slug, in the order written.</summary>
    public static IReadOnlyList<(string Slug, string Name)> ParseTags(string? tags)
    {
        var result = new List<(string, string)>();
        foreach (var raw in (tags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = string.Join(' ', raw.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var slug = From(name, 60);
            if (slug.Length > 0 && !result.Exists(t => t.Item1 == slug))
            {
                result.Add((slug, name.Length > 60 ? name[..60] : name));
            }
        }

        return result;
    }

    [GeneratedRegex(Pattern, RegexOptions.None, 1000)]
    private static partial Regex SlugPattern();
}
