using System.Net;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// SQL Server: a portable search without a full-text catalog (which needs server-side setup outside
/// migrations): every word must appear in the title, summary or body; title matches rank first.
/// </summary>
public sealed class SqlServerArticleSearch(AppDbContext db, TimeProvider clock) : IArticleSearch
{
    public async Task<SearchResults> SearchAsync(string query, int page, int pageSize, CancellationToken cancellationToken)
    {
        var words = (SqliteArticleSearch.ToMatchExpression(query) ?? "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim('"'))
            .ToList();
        if (words.Count == 0)
        {
            return new SearchResults(Paged.Empty<SearchHit>(page), false);
        }

        var now = clock.GetUtcNow();
        var articles = db.Articles.AsNoTracking().Where(a => a.PublishedAt != null && a.PublishedAt <= now);
        foreach (var word in words)
        {
            articles = articles.Where(a => a.Title.Contains(word) || a.Summary.Contains(word) || (!a.MembersOnly && a.BodyText.Contains(word)));
        }

        var first = words[0];
        var total = await articles.CountAsync(cancellationToken);
        var found = await articles
            .OrderByDescending(a => a.Title.Contains(first))
            .ThenByDescending(a => a.PublishedAt)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(a => new { a.Kind, a.Slug, a.Title, a.PublishedAt, a.Summary, BodyText = a.MembersOnly ? a.Summary : a.BodyText }) // a members-only body is never searched nor shown
            .ToListAsync(cancellationToken);

        var hits = found.Select(a => new SearchHit(a.Kind, a.Slug, a.Title, a.PublishedAt!.Value, a.Summary, Snippet(a.BodyText, words))).ToList();
        return new SearchResults(new Paged<SearchHit>(hits, page, pageSize, total), false);
    }

    /// <summary>Nothing to compact: SQL Server search reads the tables.</summary>
    public Task OptimizeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
