using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.Navigation;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shop.Catalog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data.Seeding;

/// <summary>
/// Loads the content shipped in <c>Content/Seed</c> (a copy of the society's seed content) into the
/// database. Idempotent: each piece is recorded in <see cref="SeedRecord"/> and never loaded twice, so a
/// restart adds nothing and staff edits or deletions stand.
/// </summary>
public sealed class SeedContentLoader(
    AppDbContext db,
    RoleManager<IdentityRole> roles,
    IHostEnvironment environment,
    ArticleImporter importer,
    SiteMenu menu,
    TimeProvider clock,
    IOptions<MembershipOptions> membership,
    ILogger<SeedContentLoader> logger)
{
    public static string SeedDirectory(IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.Combine(environment.ContentRootPath, "Content", "Seed");
    }

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        // Most starts find everything seeded already, yet checking each piece parses every file and asks the database
        // about each (a third of a second or more of a start). A run that completes records the fingerprint of what it
        // loaded with which code; the next start with the same fingerprint has nothing to do.
        var directory = SeedDirectory(environment);
        var done = $"{DonePrefix}{Fingerprint(directory)}";
        if (await IsRecordedAsync(done, cancellationToken))
        {
            return;
        }

        await EnsureRolesAsync();

        var articles = Path.Combine(directory, "articles");
        if (Directory.Exists(articles))
        {
            foreach (var file in Directory.EnumerateFiles(articles, "*.md").Order(StringComparer.Ordinal))
            {
                await SeedArticleAsync(file, ArticleKind.Article, cancellationToken);
            }
        }

        var pages = Path.Combine(directory, "pages");
        if (Directory.Exists(pages))
        {
            foreach (var file in Directory.EnumerateFiles(pages, "*.md").Order(StringComparer.Ordinal))
            {
                await SeedArticleAsync(file, ArticleKind.Page, cancellationToken);
            }

            await SeedMenuAsync(pages, cancellationToken);
        }

        await SeedMembershipLevelsAsync(cancellationToken);
        await ApplySampleDuesAsync(cancellationToken);
        await SeedMenuSectionAsync(BuiltInSections.Membership, BuiltInSections.News, cancellationToken);
        await SeedMenuSectionAsync(BuiltInSections.Donate, BuiltInSections.Cart, cancellationToken);

        var book = Path.Combine(directory, "book.md");
        if (File.Exists(book))
        {
            await SeedBookAsync(book, cancellationToken);
        }

        await db.SeedRecords.Where(r => r.Key.StartsWith(DonePrefix)).ExecuteDeleteAsync(cancellationToken);
        db.SeedRecords.Add(new SeedRecord { Key = done, AppliedAt = clock.GetUtcNow() });
        await db.SaveChangesAsync(cancellationToken);
    }

    private const string DonePrefix = "seeded:";

    /// <summary>The SQL of <see cref="IsRecordedAsync"/> for the context's provider (one parameter, <c>@key</c>).</summary>
    internal static string RecordedSql(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var entity = db.Model.FindEntityType(typeof(SeedRecord))!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());
        var column = sql.DelimitIdentifier(entity.FindProperty(nameof(SeedRecord.Key))!.GetColumnName());
        return $"SELECT COUNT(*) FROM {table} WHERE {column} = @key";
    }

    /// <summary>
    /// Whether a seed record exists, asked with one plain command rather than a LINQ query: this is the only query of a
    /// start that finds everything seeded, and EF's first LINQ query compiles its whole query pipeline, a tenth of a
    /// second on the start's critical path (docs/performance.md). Names and quoting come from the model and the provider.
    /// </summary>
    private Task<bool> IsRecordedAsync(string key, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () => // SQL Server's transient faults are retried, as EF's own queries are
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = RecordedSql(db);
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@key";
                parameter.Value = key;
                command.Parameters.Add(parameter);
                return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });

    /// <summary>
    /// What a complete run depends on: this build of the site (a new release may seed something new), the environment
    /// and the sample dues (Development's extra), and every seed file's name and bytes.
    /// </summary>
    private string Fingerprint(string directory)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(System.Text.Encoding.UTF8.GetBytes(text + "\n"));
        Add(typeof(SeedContentLoader).Assembly.ManifestModule.ModuleVersionId.ToString());
        Add(environment.EnvironmentName);
        foreach (var (name, cents) in membership.Value.SampleDues.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            Add($"{name}={cents}");
        }

        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(Path.GetRelativePath(directory, file));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded && !await roles.RoleExistsAsync(role))
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }

    private async Task SeedArticleAsync(string file, ArticleKind kind, CancellationToken cancellationToken)
    {
        var document = FrontMatterDocument.Parse<ArticleFrontMatter>(await File.ReadAllTextAsync(file, cancellationToken));
        var slug = document.FrontMatter.Slug ?? throw new InvalidDataException($"{Path.GetFileName(file)}: 'slug' is missing.");
        var noun = ArticleAdminService.Noun(kind);
        var key = $"{noun}:{slug}";
        if (await db.SeedRecords.AnyAsync(s => s.Key == key, cancellationToken))
        {
            return;
        }

        // Seed articles and pages go through the same import as `content import`, but never replace an existing one.
        var outcome = await importer.ImportFileAsync(file, kind, createOnly: true, cancellationToken);
        if (outcome.Failed)
        {
            throw new InvalidDataException($"Seed {noun} {outcome.File}: {outcome.Error}");
        }

        logger.LogInformation("Seed {Kind} {Slug}: {Result}", noun, slug, outcome.Result);
        db.SeedRecords.Add(new SeedRecord { Key = key, AppliedAt = clock.GetUtcNow() });
        await SaveIgnoringRaceAsync(key, cancellationToken);
    }

    /// <summary>
    /// The first menu, once: Home, the society's pages the seed puts in the menu (About, Balint Groups, with their
    /// <c>nav</c> labels), then News / Articles, The Book, the mailing list, Contact and the cart. The privacy and terms
    /// pages are in the footer instead.
    /// </summary>
    private async Task SeedMenuAsync(string pagesDirectory, CancellationToken cancellationToken)
    {
        const string key = "menu";
        if (await db.SeedRecords.AnyAsync(s => s.Key == key, cancellationToken))
        {
            return;
        }

        var inMenu = new List<(string Slug, string Label)>();
        foreach (var slug in MenuPages)
        {
            var file = Path.Combine(pagesDirectory, $"{slug}.md");
            if (File.Exists(file))
            {
                var front = FrontMatterDocument.Parse<ArticleFrontMatter>(await File.ReadAllTextAsync(file, cancellationToken)).FrontMatter;
                inMenu.Add((slug, front.Nav ?? front.Title ?? slug));
            }
        }

        await menu.SeedAsync(inMenu, cancellationToken);
        db.SeedRecords.Add(new SeedRecord { Key = key, AppliedAt = clock.GetUtcNow() });
        await SaveIgnoringRaceAsync(key, cancellationToken);
    }

    /// <summary>
    /// The two membership levels of issue 16, once, without dues: a level without dues is not offered, so nothing is sold
    /// until staff set them (the dashboard says so).
    /// </summary>
    private async Task SeedMembershipLevelsAsync(CancellationToken cancellationToken)
    {
        const string key = "membership-levels";
        if (await db.SeedRecords.AnyAsync(s => s.Key == key, cancellationToken))
        {
            return;
        }

        if (!await db.MembershipLevels.AnyAsync(cancellationToken))
        {
            db.MembershipLevels.Add(new MembershipLevel { Name = "Member", IsOffered = true, DisplayOrder = 1 });
            db.MembershipLevels.Add(new MembershipLevel { Name = "Trainee", Eligibility = "students, residents and fellows", IsOffered = true, DisplayOrder = 2 });
        }

        db.SeedRecords.Add(new SeedRecord { Key = key, AppliedAt = clock.GetUtcNow() });
        await SaveIgnoringRaceAsync(key, cancellationToken);
    }

    /// <summary>
    /// Development only: <c>Membership:SampleDues</c> (appsettings.Development.json) gives levels still without dues a
    /// price, so joining can be tried locally with Stripe test keys. Never outside Development, never over a price set.
    /// </summary>
    private async Task ApplySampleDuesAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || membership.Value.SampleDues.Count == 0)
        {
            return;
        }

        foreach (var (name, cents) in membership.Value.SampleDues)
        {
            if (cents > 0 && await db.MembershipLevels.Where(l => l.Name == name && l.AnnualDuesCents == null)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.AnnualDuesCents, cents), cancellationToken) > 0)
            {
                logger.LogInformation("Development: membership level {Level} given the sample dues of {Cents} cents", name, cents);
            }
        }
    }

    /// <summary>
    /// A section added to the site after its menu was first seeded (Membership, issue 16) joins the menu once, before
    /// another; a site seeded since has it already, and staff who take it out later are not overruled.
    /// </summary>
    private async Task SeedMenuSectionAsync(BuiltInSection section, BuiltInSection before, CancellationToken cancellationToken)
    {
        var key = $"menu:{section.Key}";
        if (await db.SeedRecords.AnyAsync(s => s.Key == key, cancellationToken))
        {
            return;
        }

        // Staged with the seed record and saved together: a second instance starting at once loses the race quietly.
        var added = await menu.StageSectionAsync(section, before, cancellationToken);
        db.SeedRecords.Add(new SeedRecord { Key = key, AppliedAt = clock.GetUtcNow() });
        await SaveIgnoringRaceAsync(key, cancellationToken);
        if (added)
        {
            await menu.MenuChangedAsync(cancellationToken);
        }
    }

    /// <summary>The seed pages the first menu holds, in order.</summary>
    private static readonly string[] MenuPages = ["about", "balint-groups"];

    private async Task SeedBookAsync(string file, CancellationToken cancellationToken)
    {
        var document = FrontMatterDocument.Parse<BookFrontMatter>(await File.ReadAllTextAsync(file, cancellationToken));
        var front = document.FrontMatter;
        var slug = front.Slug ?? throw new InvalidDataException("book.md: 'slug' is missing.");
        var key = $"book:{slug}";
        if (await db.SeedRecords.AnyAsync(s => s.Key == key, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (!await db.Books.AnyAsync(b => b.Slug == slug, cancellationToken))
        {
            db.Books.Add(new Book
            {
                Slug = slug,
                Title = front.Title ?? throw new InvalidDataException("book.md: 'title' is missing."),
                Authors = string.Join('\n', front.Authors),
                Description = document.Body,
                Formats = front.Formats.Select(f => new BookFormat
                {
                    Sku = f.Sku ?? throw new InvalidDataException("book.md: a format has no 'sku'."),
                    Format = f.Format ?? f.Sku,
                    PriceCents = (long)decimal.Round(f.PriceUsd * 100m, 0, MidpointRounding.AwayFromZero),
                    IsPhysical = f.Physical,
                    Stock = f.Stock,
                    PriceSetByStaff = false,
                }).ToList(),
            });
            logger.LogInformation("Seeded book {Slug}", slug);
        }

        db.SeedRecords.Add(new SeedRecord { Key = key, AppliedAt = now });
        await SaveIgnoringRaceAsync(key, cancellationToken);
    }

    // Two instances starting at once may both try; the unique keys let exactly one win.
    private async Task SaveIgnoringRaceAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.SeedRecords.AsNoTracking().AnyAsync(s => s.Key == key, cancellationToken))
            {
                throw;
            }
        }
    }
}
