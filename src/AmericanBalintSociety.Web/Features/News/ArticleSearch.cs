using System.Net;
using System.Text;
using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>A search result: the article and the passage that matched, as safe HTML with <c>&lt;mark&gt;</c>.</summary>
public sealed record SearchHit(string Slug, string Title, DateTimeOffset PublishedAt, string Summary, string SnippetHtml);

/// <summary>Full-text search over public articles: ranked, newest first among equals.</summary>
public interface IArticleSearch
{
    Task<Paged<SearchHit>> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken);
}

/// <summary>
/// SQLite FTS5: the <c>ArticleSearch</c> virtual table (keyed by article id, kept in step by triggers on
/// <c>Articles</c> and <c>ArticleBodies</c>, created in the SQLite migrations) ranked with bm25 (title weighs
/// most), with FTS5's own snippets.
/// </summary>
public sealed class SqliteArticleSearch(AppDbContext db, TimeProvider clock) : IArticleSearch
{
    private const char MarkStart = '\u0002';
    private const char MarkEnd = '\u0003';
    private static readonly DateTimeOffsetToBinaryConverter Converter = new();

    public async Task<Paged<SearchHit>> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var match = ToMatchExpression(query);
        if (match is null)
        {
            return Paged.Empty<SearchHit>(page);
        }

        var now = (long)Converter.ConvertToProvider(clock.GetUtcNow())!;

        // 1. The total, then the page's ids ranked (bm25 over the matches; no snippet yet).
        var total = await db.Database.SqlQuery<int>($"""
            SELECT count(*) AS "Value" FROM ArticleSearch JOIN Articles a ON a.Id = ArticleSearch.rowid
            WHERE ArticleSearch MATCH {match} AND a.PublishedAt IS NOT NULL AND a.PublishedAt <= {now}
            """).SingleAsync(cancellationToken);
        var skip = (page - 1) * pageSize;
        if (total <= skip)
        {
            return new Paged<SearchHit>([], page, pageSize, total);
        }

        var ranked = await db.Database.SqlQuery<int>($"""
            SELECT ArticleSearch.rowid AS "Value"
            FROM ArticleSearch JOIN Articles a ON a.Id = ArticleSearch.rowid
            WHERE ArticleSearch MATCH {match} AND a.PublishedAt IS NOT NULL AND a.PublishedAt <= {now}
            ORDER BY bm25(ArticleSearch, 10.0, 4.0, 1.0), a.PublishedAt DESC, a.Id DESC
            LIMIT {pageSize} OFFSET {skip}
            """).ToListAsync(cancellationToken);

        // 2. Only the page's rows get a snippet (snippet() is the costly part) and their article details.
        var ids = "[" + string.Join(",", ranked) + "]";
        var details = await db.Database.SqlQuery<HitRow>($"""
            SELECT a.Id AS "Id", a.Slug AS "Slug", a.Title AS "Title", a.Summary AS "Summary", a.PublishedAt AS "PublishedAt",
                   snippet(ArticleSearch, -1, char(2), char(3), '…', 24) AS "Snippet"
            FROM ArticleSearch JOIN Articles a ON a.Id = ArticleSearch.rowid
            WHERE ArticleSearch MATCH {match} AND ArticleSearch.rowid IN (SELECT value FROM json_each({ids}))
            """).ToDictionaryAsync(r => r.Id, cancellationToken);

        var hits = ranked
            .Where(details.ContainsKey)
            .Select(id =>
            {
                var d = details[id];
                var published = (DateTimeOffset)Converter.ConvertFromProvider(d.PublishedAt)!;
                return new SearchHit(d.Slug, d.Title, published, d.Summary, MarkedHtml(d.Snippet));
            })
            .ToList();
        return new Paged<SearchHit>(hits, page, pageSize, total);
    }

    /// <summary>
    /// Each word of what the visitor typed becomes a quoted prefix term (<c>"divers"*</c>), so FTS5 syntax in
    /// the input is never interpreted; all words must match. Null when nothing searchable is left.
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
        return usable.Count == 0 ? null : string.Join(' ', usable.Select(t => $"\"{t}\"*"));
    }

    private static string MarkedHtml(string snippet) =>
        WebUtility.HtmlEncode(snippet)
            .Replace(MarkStart.ToString(), "<mark>", StringComparison.Ordinal)
            .Replace(MarkEnd.ToString(), "</mark>", StringComparison.Ordinal);

}

/// <summary>A match on the page: the article's details and the passage (PublishedAt as SQLite stores it).</summary>
public sealed class HitRow
{
    public int Id { get; set; }

    public string Slug { get; set; } = "";

    public string Title { get; set; } = "";

    public string Summary { get; set; } = "";

    public long PublishedAt { get; set; }

    public string Snippet { get; set; } = "";
}

/// <summary>
/// SQL Server: a portable search without a full-text catalog (which needs server-side setup outside
/// migrations): every word must appear in the title, summary or body; title matches rank first.
/// </summary>
public sealed class SqlServerArticleSearch(AppDbContext db, TimeProvider clock) : IArticleSearch
{
    public async Task<Paged<SearchHit>> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var words = (SqliteArticleSearch.ToMatchExpression(query) ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim('"', '*'))
            .ToList();
        if (words.Count == 0)
        {
            return Paged.Empty<SearchHit>(page);
        }

        var now = clock.GetUtcNow();
        var articles = db.Articles.AsNoTracking().Where(a => a.PublishedAt != null && a.PublishedAt <= now);
        foreach (var word in words)
        {
            articles = articles.Where(a => a.Title.Contains(word) || a.Summary.Contains(word) || a.BodyText.Contains(word));
        }

        var first = words[0];
        var total = await articles.CountAsync(cancellationToken);
        var found = await articles
            .OrderByDescending(a => a.Title.Contains(first))
            .ThenByDescending(a => a.PublishedAt)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(a => new { a.Slug, a.Title, a.PublishedAt, a.Summary, a.BodyText })
            .ToListAsync(cancellationToken);

        var hits = found.Select(a => new SearchHit(a.Slug, a.Title, a.PublishedAt!.Value, a.Summary, Snippet(a.BodyText, words))).ToList();
        return new Paged<SearchHit>(hits, page, pageSize, total);
    }

    internal static string Snippet(string text, IReadOnlyList<string> words)
    {
        var at = words.Select(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = Math.Max(0, at - 80);
        var length = Math.Min(text.Length - start, 200);
        var html = WebUtility.HtmlEncode(string.Concat(start > 0 ? "…" : "", text.AsSpan(start, length), start + length < text.Length ? "…" : ""));
        foreach (var word in words)
        {
            var encoded = WebUtility.HtmlEncode(word);
            html = System.Text.RegularExpressions.Regex.Replace(
                html, System.Text.RegularExpressions.Regex.Escape(encoded), m => $"<mark>{m.Value}</mark>",
                System.Text.RegularExpressions.RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        }

        return html;
    }
}
