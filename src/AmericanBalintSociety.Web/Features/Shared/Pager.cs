namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// What the shared <c>_Pager</c> partial shows under a list: "Page N" (or "Page N of M" for a counted list) between
/// links to the neighbouring pages, each keeping the list's filters. Nothing is shown when there is one page.
/// </summary>
/// <param name="Path">The list's address, e.g. <c>/admin/orders</c>.</param>
/// <param name="Page">This page's number (from 1).</param>
/// <param name="TotalPages">How many pages there are; null for a list that is not counted (news, tags).</param>
/// <param name="HasNext">Whether a next page exists.</param>
public sealed record Pager(string Path, int Page, int? TotalPages, bool HasNext)
{
    /// <summary>The list's filters, repeated in every page link (empty values are left out).</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Filters { get; init; } = [];

    /// <summary>The previous page link's visible text and a hidden ending for screen readers ("Newer" + " articles").</summary>
    public (string Text, string? Hidden) Previous { get; init; } = ("Previous page", null);

    /// <summary>The next page link's visible text and a hidden ending for screen readers.</summary>
    public (string Text, string? Hidden) Next { get; init; } = ("Next page", null);

    public bool HasPrevious => Page > 1;

    /// <summary>Whether there is anything to show: more than one page.</summary>
    public bool IsShown => (HasPrevious || HasNext) && TotalPages is null or > 1;

    /// <summary>The address of page <paramref name="page"/> (page 1 has no page number), then the filters.</summary>
    public string Link(int page)
    {
        var query = new List<string>();
        if (page > 1)
        {
            query.Add($"page={page}");
        }

        query.AddRange(Filters.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value!)}"));

        return Path + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    /// <summary>A pager for a counted page, with the list's filters as name/value pairs.</summary>
    public static Pager For<T>(Paged<T> page, string path, params (string Name, string? Value)[] filters)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new Pager(path, page.PageNumber, page.TotalPages, page.HasNext)
        {
            Filters = [.. filters.Select(f => KeyValuePair.Create(f.Name, f.Value))],
        };
    }

    /// <summary>A pager for an uncounted page (news and tag lists): "Newer" and "Older" articles.</summary>
    public static Pager For<T>(PageOf<T> page, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new Pager(path, page.PageNumber, null, page.HasNext) { Previous = ("Newer", " articles"), Next = ("Older", " articles") };
    }
}
