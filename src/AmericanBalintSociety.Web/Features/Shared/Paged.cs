namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>One page of a longer list. Page numbers start at 1.</summary>
public sealed record Paged<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int TotalCount)
{
    public int TotalPages => TotalCount == 0 ? 1 : (TotalCount + PageSize - 1) / PageSize;

    public bool HasPrevious => PageNumber > 1;

    public bool HasNext => PageNumber < TotalPages;

    /// <summary>A page past the end (other than an empty first page) does not exist.</summary>
    public bool IsOutOfRange => PageNumber > TotalPages;
}

public static class Paged
{
    public static Paged<T> Empty<T>(int page) => new([], page, 10, 0);

    /// <summary>An uncounted page from the up to <paramref name="pageSize"/> + 1 rows fetched for it.</summary>
    public static PageOf<T> Of<T>(List<T> rows, int pageNumber, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows.Count > pageSize ? new(rows[..pageSize], pageNumber, true) : new(rows, pageNumber, false);
    }
}
