using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Navigation;

/// <summary>A link in the site menu as the layout draws it.</summary>
public sealed record MenuLink(string Label, string Path, bool IsCart);

/// <summary>
/// The site menu: read by the layout on every page (from the news' data cache, so a page view does not query it), and
/// arranged by staff. Every page's cached HTML holds the menu, so a change empties the same caches an article change
/// does; a page's change (unpublished, renamed, deleted) reaches the menu the same way.
/// </summary>
public sealed class SiteMenu(AppDbContext db, NewsCache cache, AuditLog audit, TimeProvider clock)
{
    private const string CacheKey = "site-menu";

    /// <summary>The menu's links in order; the built-in sections when staff have not set one (a site never has none).</summary>
    public async Task<IReadOnlyList<MenuLink>> LinksAsync(CancellationToken cancellationToken) =>
        await cache.GetOrAddAsync(CacheKey, LoadAsync, cancellationToken) ?? Defaults();

    private async Task<List<MenuLink>?> LoadAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var items = await db.MenuItems.AsNoTracking()
            .OrderBy(m => m.Position).ThenBy(m => m.Id)
            .Select(m => new
            {
                m.Label,
                m.Section,
                PageSlug = db.Articles.Where(a => a.Id == m.PageId && a.Kind == ArticleKind.Page && a.PublishedAt != null && a.PublishedAt <= now)
                    .Select(a => a.Slug).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        if (items.Count == 0)
        {
            return Defaults();
        }

        var links = new List<MenuLink>();
        foreach (var item in items)
        {
            if (BuiltInSections.Find(item.Section) is { } section)
            {
                links.Add(new MenuLink(item.Label, section.Path, section.IsCart));
            }
            else if (item.PageSlug is not null)
            {
                links.Add(new MenuLink(item.Label, $"/{item.PageSlug}", false));
            }
        }

        return links;
    }

    private static List<MenuLink> Defaults() => [.. BuiltInSections.All.Select(s => new MenuLink(s.DefaultLabel, s.Path, s.IsCart))];

    /// <summary>The editor: the menu's entries in order, then every section and page it does not hold yet.</summary>
    public async Task<MenuForm> EditorAsync(CancellationToken cancellationToken)
    {
        var items = await db.MenuItems.AsNoTracking().OrderBy(m => m.Position).ThenBy(m => m.Id).ToListAsync(cancellationToken);
        var pages = await PagesAsync(cancellationToken);
        var rows = new List<MenuRow>();
        foreach (var item in items)
        {
            rows.Add(new MenuRow
            {
                Target = item.Section is { } key ? MenuRow.ForSection(key) : MenuRow.ForPage(item.PageId!.Value),
                Show = true,
                Label = item.Label,
                Position = rows.Count + 1,
            });
        }

        if (items.Count == 0)
        {
            rows.AddRange(BuiltInSections.All.Select(s => new MenuRow
            {
                Target = MenuRow.ForSection(s.Key),
                Show = true,
                Label = s.DefaultLabel,
                Position = rows.Count + 1,
            }));
        }

        foreach (var section in BuiltInSections.All.Where(s => !rows.Exists(r => r.Target == MenuRow.ForSection(s.Key))))
        {
            rows.Add(new MenuRow { Target = MenuRow.ForSection(section.Key), Label = section.DefaultLabel, Position = rows.Count + 1 });
        }

        foreach (var page in pages.Where(p => !rows.Exists(r => r.Target == MenuRow.ForPage(p.Id))))
        {
            rows.Add(new MenuRow { Target = MenuRow.ForPage(page.Id), Label = Shorten(page.Title), Position = rows.Count + 1 });
        }

        var form = new MenuForm { Rows = rows };
        Describe(form, pages);
        return form;
    }

    /// <summary>Fills in what each row leads to (after a post, whose rows carry only their values).</summary>
    public async Task DescribeAsync(MenuForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        Describe(form, await PagesAsync(cancellationToken));
    }

    /// <summary>
    /// Replaces the menu with the shown rows, in the order of their places (ties keep the editor's order). Refused,
    /// with the reason on the row, when a shown row has no label or leads nowhere the site knows.
    /// </summary>
    public async Task<Result> SaveAsync(MenuForm form, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(actor);
        var pages = (await PagesAsync(cancellationToken)).ToDictionary(p => MenuRow.ForPage(p.Id));
        var errors = new List<ResultError>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var shown = new List<(MenuRow Row, int Index)>();
        for (var i = 0; i < form.Rows.Count; i++)
        {
            var row = form.Rows[i];
            var known = BuiltInSections.All.Any(s => MenuRow.ForSection(s.Key) == row.Target) || pages.ContainsKey(row.Target);
            if (!known || !seen.Add(row.Target))
            {
                errors.Add(new ResultError("", "The menu changed while you were editing it (a page was added or deleted). Open the menu again."));
                break;
            }

            if (!row.Show)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(row.Label))
            {
                errors.Add(new ResultError($"Rows[{i}].Label", "Give the entry a label, or untick “Show”."));
            }

            shown.Add((row, i));
        }

        if (shown.Count == 0)
        {
            errors.Add(new ResultError("", "Show at least one entry: a site needs a menu."));
        }

        if (errors.Count > 0)
        {
            return Result.Failure(errors);
        }

        var ordered = shown.OrderBy(s => s.Row.Position).ThenBy(s => s.Index).Select(s => s.Row).ToList();
        await db.RunInTransactionAsync(async () =>
        {
            await db.MenuItems.ExecuteDeleteAsync(cancellationToken);
            for (var i = 0; i < ordered.Count; i++)
            {
                var row = ordered[i];
                var (kind, value) = (row.Target[..row.Target.IndexOf(':', StringComparison.Ordinal)], row.Target[(row.Target.IndexOf(':', StringComparison.Ordinal) + 1)..]);
                db.MenuItems.Add(new MenuItem
                {
                    Position = i + 1,
                    Label = row.Label!.Trim(),
                    Section = kind == "section" ? value : null,
                    PageId = kind == "page" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null,
                });
            }

            audit.Record(actor, "menu.updated", "menu", string.Join(", ", ordered.Select(r => r.Label!.Trim())));
            await db.SaveChangesAsync(cancellationToken);
            return Result.Success();
        }, cancellationToken);

        await cache.ArticlesChangedAsync(cancellationToken);
        return Result.Success();
    }

    /// <summary>The seed's menu, once: the sections with the given pages after Home. Does nothing when a menu exists.</summary>
    public async Task SeedAsync(IReadOnlyList<(string Slug, string Label)> pagesAfterHome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pagesAfterHome);
        if (await db.MenuItems.AnyAsync(cancellationToken))
        {
            return;
        }

        var position = 1;
        db.MenuItems.Add(new MenuItem { Position = position++, Label = BuiltInSections.Home.DefaultLabel, Section = BuiltInSections.Home.Key });
        foreach (var (slug, label) in pagesAfterHome)
        {
            var id = await db.Articles.Where(a => a.Slug == slug && a.Kind == ArticleKind.Page).Select(a => (int?)a.Id).FirstOrDefaultAsync(cancellationToken);
            if (id is not null)
            {
                db.MenuItems.Add(new MenuItem { Position = position++, Label = Shorten(label), PageId = id });
            }
        }

        foreach (var section in BuiltInSections.All.Skip(1))
        {
            db.MenuItems.Add(new MenuItem { Position = position++, Label = section.DefaultLabel, Section = section.Key });
        }

        await db.SaveChangesAsync(cancellationToken);
        await cache.ArticlesChangedAsync(cancellationToken);
    }

    /// <summary>
    /// Stages a built-in section in an existing menu, in the place of <paramref name="before"/> (the entries from there on
    /// move down one), or last when that is not in the menu; the caller saves (the seed, with its record, guarded against
    /// a second instance doing the same) and then calls <see cref="MenuChangedAsync"/>. False, staging nothing, when the
    /// menu is empty or already has the section.
    /// </summary>
    public async Task<bool> StageSectionAsync(BuiltInSection section, BuiltInSection before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(before);
        var items = await db.MenuItems.OrderBy(i => i.Position).ToListAsync(cancellationToken);
        if (items.Count == 0 || items.Any(i => i.Section == section.Key))
        {
            return false;
        }

        var position = items.FirstOrDefault(i => i.Section == before.Key)?.Position ?? items[^1].Position + 1;
        foreach (var item in items.Where(i => i.Position >= position))
        {
            item.Position++;
        }

        db.MenuItems.Add(new MenuItem { Position = position, Label = section.DefaultLabel, Section = section.Key });
        return true;
    }

    /// <summary>Every cached page holds the menu: empty the caches after a change saved outside <see cref="SaveAsync"/>.</summary>
    public Task MenuChangedAsync(CancellationToken cancellationToken) => cache.ArticlesChangedAsync(cancellationToken);

    private sealed record PageChoice(int Id, string Slug, string Title, bool Published);

    private Task<List<PageChoice>> PagesAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Articles.AsNoTracking().Where(a => a.Kind == ArticleKind.Page).OrderBy(a => a.Title)
            .Select(a => new PageChoice(a.Id, a.Slug, a.Title, a.PublishedAt != null && a.PublishedAt <= now))
            .ToListAsync(cancellationToken);
    }

    private static void Describe(MenuForm form, IReadOnlyList<PageChoice> pages)
    {
        foreach (var row in form.Rows)
        {
            var section = BuiltInSections.All.FirstOrDefault(s => MenuRow.ForSection(s.Key) == row.Target);
            var page = pages.FirstOrDefault(p => MenuRow.ForPage(p.Id) == row.Target);
            row.Describes = section is not null ? $"{section.DefaultLabel} ({section.Path})"
                : page is not null ? $"Page: {page.Title} (/{page.Slug})"
                : row.Target;
            row.Note = page is { Published: false } ? "Not shown on the site until the page is published." : null;
        }
    }

    private static string Shorten(string label) => label.Length <= MenuItem.LabelMaxLength ? label : label[..MenuItem.LabelMaxLength].TrimEnd();
}
