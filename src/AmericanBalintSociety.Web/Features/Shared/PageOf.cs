namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// One page of a list whose length is not counted: the public news and tag lists fetch one row more than a page
/// to know whether an older page exists, so an early page costs the same however many articles there are (a deep
/// page still skips the rows before it).
/// </summary>
public sealed record PageOf<T>(IReadOnlyList<T> Items, int PageNumber, bool HasNext)
{
    public bool HasPrevious => PageNumber > 1;

    /// <summary>A page past the end (other than an empty first page) does not exist.</summary>
    public bool IsOutOfRange => PageNumber > 1 && Items.Count == 0;
}
