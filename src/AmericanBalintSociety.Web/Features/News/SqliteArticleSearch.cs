using System.Net;
using System.Text;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// SQLite FTS5: the <c>ArticleSearch</c> virtual table holds every published or scheduled article (not drafts),
/// kept in step by triggers on <c>Articles</c> and <c>ArticleBodies</c> (SQLite migrations), under a rowid in
/// publication order (<see cref="SearchKey"/>). The newest <see cref="NewsOptions.SearchWindow"/> matches are
/// ranked title first, then summary, then body, newest first among equals, with FTS5's own snippets; see ADR 0011.
/// </summary>
public sealed class SqliteArticleSearch(AppDbContext db, TimeProvider clock, IOptions<NewsOptions> options) : IArticleSearch
{
    /// <summary>The low bits of a search key hold the article id.</summary>
    public const int IdBits = 30;

    private const long IdMask = (1L << IdBits) - 1;
    private const long BinaryUnitsPerMinute = 600_000; // EF's binary DateTimeOffset counts 1,000 ticks (0.1 ms) above its 11 offset bits
    private const char MarkStart = '\u0002';
    private const char MarkEnd = '\u0003';
    private static readonly DateTimeOffsetToBinaryConverter Converter = new();

    /// <summary>
    /// The index's rowid for an article: the minute of publication, then the id. The triggers compute the same
    /// from the stored value; rowid order is publication order to the minute, newer ids first within one.
    /// </summary>
    public static long SearchKey(DateTimeOffset publishedAt, int id) => (MinuteOf(publishedAt) << IdBits) | (uint)id;

    private static long MinuteOf(DateTimeOffset moment) => ((long)Converter.ConvertToProvider(moment)! >> 11) / BinaryUnitsPerMinute;

    public async Task<SearchResults> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var match = ToMatchExpression(query);
        if (match is null)
        {
            return new SearchResults(Paged.Empty<SearchHit>(page), false);
        }

        var visible = Visibility.At(clock.GetUtcNow());
        var window = options.Value.SearchWindow;
        var newest = await NewestMatchesAsync(match, visible, window, cancellationToken);
        var leftOut = newest.Count > window;
        var total = Math.Min(newest.Count, window);
        var skip = (page - 1) * pageSize;
        if (total <= skip)
        {
            return new SearchResults(new Paged<SearchHit>([], page, pageSize, total), leftOut);
        }

        var low = leftOut ? newest.Low!.Value + 1 : newest.Low!.Value; // past the window: its oldest is the one left out
        var ranked = await RankedPageAsync(match, visible, low, newest.High!.Value, pageSize, skip, cancellationToken);
        var hits = ranked.Count == 0 ? [] : await HitsAsync(match, ranked, cancellationToken); // none: all deleted meanwhile
        return new SearchResults(new Paged<SearchHit>(hits, page, pageSize, total), leftOut);
    }

    /// <summary>
    /// Visible now: a key before the current minute, or in it with a publication time not after now. The exact check
    /// runs only for this minute's keys (normally none), so the rest is a rowid range for FTS5.
    /// </summary>
    private sealed record Visibility(long Now, long ThisMinute, long NextMinute)
    {
        public static Visibility At(DateTimeOffset utcNow)
        {
            var thisMinute = MinuteOf(utcNow) << IdBits;
            return new Visibility((long)Converter.ConvertToProvider(utcNow)!, thisMinute, thisMinute + (1L << IdBits));
        }
    }

    /// <summary>
    /// 1. How many of the newest matches there are (up to one past the window, to know whether older ones were left
    /// out) and their key range: FTS5 reads the doclists backwards from now and stops, so the work is bounded by the
    /// window (or by the matches, when fewer), not by the size of the site. Only three numbers come back.
    /// </summary>
    private Task<KeyRange> NewestMatchesAsync(string match, Visibility visible, int window, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<KeyRange>($"""
            SELECT count(*) AS "Count", min(k) AS "Low", max(k) AS "High" FROM (
                SELECT rowid AS k FROM ArticleSearch
                WHERE ArticleSearch MATCH {match} AND rowid < {visible.NextMinute}
                  AND (rowid < {visible.ThisMinute} OR (SELECT a.PublishedAt FROM Articles a WHERE a.Id = (ArticleSearch.rowid & {IdMask})) <= {visible.Now})
                ORDER BY rowid DESC LIMIT {window + 1})
            """).SingleAsync(cancellationToken);

    /// <summary>
    /// 2. One page of them, ranked: every word in the title first, then every word in the title or summary, then the
    /// rest; newest first among equals. The column-filtered subqueries read only the window's key range. (Not bm25:
    /// it counts every matching article to weigh the words, the work the window avoids; ADR 0011.)
    /// </summary>
    private Task<List<long>> RankedPageAsync(string match, Visibility visible, long low, long high, int pageSize, int skip, CancellationToken cancellationToken)
    {
        var inTitle = "{Title} : (" + match + ")";
        var inTitleOrSummary = "{Title Summary} : (" + match + ")";
        return db.Database.SqlQuery<long>($"""
            SELECT rowid AS "Value" FROM ArticleSearch
            WHERE ArticleSearch MATCH {match} AND rowid BETWEEN {low} AND {high}
              AND (rowid < {visible.ThisMinute} OR (SELECT a.PublishedAt FROM Articles a WHERE a.Id = (ArticleSearch.rowid & {IdMask})) <= {visible.Now})
            ORDER BY CASE
                WHEN rowid IN (SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH {inTitle} AND rowid BETWEEN {low} AND {high}) THEN 0
                WHEN rowid IN (SELECT rowid FROM ArticleSearch WHERE ArticleSearch MATCH {inTitleOrSummary} AND rowid BETWEEN {low} AND {high}) THEN 1
                ELSE 2 END,
              rowid DESC
            LIMIT {pageSize} OFFSET {skip}
            """).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// 3. Only the page's rows get a snippet and their article details, in the ranked order. FTS5 reads the matches
    /// between the page's lowest and highest key (at most the window); "+rowid IN" stops SQLite from turning the list
    /// into one doclist seek per key, which costs more the more articles match.
    /// </summary>
    private async Task<List<SearchHit>> HitsAsync(string match, List<long> ranked, CancellationToken cancellationToken)
    {
        var keys = "[" + string.Join(",", ranked) + "]";
        var (first, last) = (ranked.Min(), ranked.Max());
        var details = await db.Database.SqlQuery<HitRow>($"""
            SELECT ArticleSearch.rowid AS "Key", a.Kind AS "Kind", a.Slug AS "Slug", a.Title AS "Title", a.Summary AS "Summary", a.PublishedAt AS "PublishedAt",
                   snippet(ArticleSearch, -1, char(2), char(3), '…', 24) AS "Snippet"
            FROM ArticleSearch JOIN Articles a ON a.Id = (ArticleSearch.rowid & {IdMask})
            WHERE ArticleSearch MATCH {match} AND ArticleSearch.rowid BETWEEN {first} AND {last}
              AND +ArticleSearch.rowid IN (SELECT value FROM json_each({keys}))
            """).ToDictionaryAsync(r => r.Key, cancellationToken);

        return [.. ranked
            .Where(details.ContainsKey)
            .Select(key =>
            {
                var d = details[key];
                var published = (DateTimeOffset)Converter.ConvertFromProvider(d.PublishedAt)!;
                return new SearchHit((ArticleKind)d.Kind, d.Slug, d.Title, published, d.Summary, MarkedHtml(d.Snippet));
            })];
    }

    /// <summary>
    /// Merges the index's segments into one. Every save adds a small segment and FTS5's automerge keeps their
    /// number in check, but after thousands of saves in a row (an import) a search seeks through dozens of them:
    /// with 10,000 imported articles, optimizing halved the ranking query's time.
    /// </summary>
    public async Task OptimizeAsync(CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlRawAsync("INSERT INTO ArticleSearch(ArticleSearch) VALUES('optimize')", cancellationToken);

    /// <summary>
    /// Each word of what the visitor typed becomes a quoted term (<c>"diversity"</c>), so FTS5 syntax in the input
    /// is never interpreted; all words must match. The porter stemmer matches other forms of a word ("group" finds
    /// "groups"); terms are not prefixes, because FTS5 gathers every match of a prefix before it can stop at the
    /// newest. Null when nothing searchable is left.
    /// </summary>
    public static string? ToMatchExpression(string? query)
    {
        var terms = new List<string>();
        var current = new StringBuilder();
        foreach (var c in (query ?? "").Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                terms.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            terms.Add(current.ToString());
        }

        var usable = terms.Where(t => t.Length <= 50).Distinct(StringComparer.OrdinalIgnoreCase).Take(10).ToList();
        return usable.Count == 0 ? null : string.Join(' ', usable.Select(t => $"\"{t}\""));
    }

    private static string MarkedHtml(string snippet) =>
        WebUtility.HtmlEncode(snippet)
            .Replace(MarkStart.ToString(), "<mark>", StringComparison.Ordinal)
            .Replace(MarkEnd.ToString(), "</mark>", StringComparison.Ordinal);

    /// <summary>How many of the newest matches there are (up to the window and one), and their lowest and highest key.</summary>
    public sealed class KeyRange
    {
        public int Count { get; set; }

        public long? Low { get; set; }

        public long? High { get; set; }
    }

    /// <summary>A match on the page: its search key, the article's details and the passage (PublishedAt as SQLite stores it).</summary>
    public sealed class HitRow
    {
        public long Key { get; set; }

        public int Kind { get; set; }

        public string Slug { get; set; } = "";

        public string Title { get; set; } = "";

        public string Summary { get; set; } = "";

        public long PublishedAt { get; set; }

        public string Snippet { get; set; } = "";
    }
}
