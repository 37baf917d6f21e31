namespace AmericanBalintSociety.Web.Data;

/// <summary>
/// Patterns for <c>EF.Functions.Like</c>, which both providers translate and which ignores case for ASCII letters on
/// both (SQLite's LIKE; SQL Server's default collation). User text is escaped so <c>%</c> and <c>_</c> match themselves.
/// </summary>
public static class Like
{
    public const string EscapeCharacter = "\\";

    public static string Contains(string text) => $"%{Escape(text)}%";

    public static string Exactly(string text) => Escape(text);

    private static string Escape(string text) =>
        (text ?? "").Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
