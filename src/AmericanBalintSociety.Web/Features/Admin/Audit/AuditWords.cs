using System.Globalization;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Admin.Audit;

/// <summary>An audit entry as staff read it: what happened in words, and what it happened to by name.</summary>
public sealed record AuditLine(AuditEntry Entry, string What, string To);

/// <summary>
/// Puts the audit log into words for staff (issue 15): <c>article.published</c> becomes "Article: published", and
/// <c>user:1be5ec5e-…</c> the member's name (or address), <c>article:12</c> its title. The stored codes stay as they
/// are (filters and exports use them); only the pages show words.
/// </summary>
public sealed class AuditWords(AppDbContext db)
{
    private static readonly Dictionary<string, string> Nouns = new(StringComparer.Ordinal)
    {
        ["account"] = "Account",
        ["article"] = "Article",
        ["page"] = "Page",
        ["catalog"] = "Catalogue",
        ["contact"] = "Contact message",
        ["member"] = "Member",
        ["membership-level"] = "Membership level",
        ["membership"] = "Membership",
        ["memberships"] = "Memberships",
        ["directory"] = "Directory",
        ["gift"] = "Gift",
        ["gift-plan"] = "Monthly gift",
        ["gifts"] = "Gifts",
        ["giving"] = "Giving",
        ["mail"] = "Mail",
        ["menu"] = "Menu",
        ["newsletter"] = "Newsletter",
        ["order"] = "Order",
        ["orders"] = "Orders",
        ["subscriber"] = "Subscriber",
        ["subscribers"] = "Subscribers",
        ["staff"] = "Staff",
    };

    /// <summary>"Article: published" from <c>article.published</c>; "Account: sign in failed" from <c>account.sign-in-failed</c>.</summary>
    public static string What(string action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var dot = action.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return action.Replace('-', ' ');
        }

        var noun = action[..dot];
        var verb = action[(dot + 1)..].Replace('-', ' ').Replace('.', ' ');
        return $"{(Nouns.TryGetValue(noun, out var name) ? name : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(noun))}: {verb}";
    }

    public async Task<List<AuditLine>> LinesAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var names = await NamesAsync(entries.Select(e => e.Subject), cancellationToken);
        return [.. entries.Select(e => new AuditLine(e, What(e.Action), names.TryGetValue(e.Subject, out var name) ? name : Readable(e.Subject)))];
    }

    /// <summary>The names of the subjects that have one: members (name, else address) and articles or pages (title).</summary>
    public async Task<Dictionary<string, string>> NamesAsync(IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var distinct = subjects.Distinct(StringComparer.Ordinal).ToList();
        var userIds = IdsOf(distinct, "user:");
        var articleIds = IdsOf(distinct, "article:").Select(id => int.TryParse(id, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0).ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (userIds.Count > 0)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
                .Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken))
            {
                names[$"user:{user.Id}"] = string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? "a member" : $"{user.DisplayName} ({user.Email})";
            }
        }

        if (articleIds.Count > 0)
        {
            foreach (var article in await db.Articles.AsNoTracking().Where(a => articleIds.Contains(a.Id))
                .Select(a => new { a.Id, a.Title, a.Kind }).ToListAsync(cancellationToken))
            {
                names[$"article:{article.Id}"] = $"{(article.Kind == News.ArticleKind.Page ? "Page" : "Article")} “{article.Title}”";
            }
        }

        return names;
    }

    /// <summary>A subject without a name to look up, readable: <c>order:ABS-1</c> → "Order ABS-1"; a deleted member stays "a deleted member".</summary>
    public static string Readable(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var colon = subject.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return Nouns.TryGetValue(subject, out var alone) ? alone : subject;
        }

        var kind = subject[..colon];
        return kind switch
        {
            "user" => "a deleted member",
            "article" => "a deleted article or page",
            _ => $"{(Nouns.TryGetValue(kind, out var noun) ? noun : kind)} {subject[(colon + 1)..]}",
        };
    }

    private static List<string> IdsOf(IEnumerable<string> subjects, string prefix) =>
        [.. subjects.Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Select(s => s[prefix.Length..])];
}
