using System.CommandLine;
using System.Text;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.News;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Cli;

/// <summary>
/// Operator commands run through the site's own program, with the site's configuration:
/// <c>dotnet run --project src/AmericanBalintSociety.Web -- staff add --email E --role Admin</c>.
/// Exit codes: 0 done, 1 refused (bad input, weak password), 2 usage error.
/// </summary>
public static class CommandLineApp
{
    private static readonly HashSet<string> Commands = new(StringComparer.Ordinal) { "staff", "db", "content", "catalog" };

    private static readonly HashSet<string> Answers = new(StringComparer.Ordinal) { "--help", "-h", "-?", "help", "--version" };

    /// <summary>
    /// What the program was asked to do. No arguments, or host settings (<c>--urls X</c>, <c>/urls X</c>, <c>urls=X</c>), start the site; a known
    /// command runs it; help, <c>--version</c> and any other word (a typo, a command this version does not have) are
    /// answered without building the site, so a mistyped command never starts a server or touches the database.
    /// </summary>
    public static ProgramMode ModeOf(string[] args) => args switch
    {
        [] => ProgramMode.Site,
        [var first, ..] when Commands.Contains(first) => ProgramMode.Command,
        [var first, ..] when Answers.Contains(first) => ProgramMode.Answer,
        [var first, ..] when first.StartsWith('-') || first.StartsWith('/') || first.Contains('=', StringComparison.Ordinal) => ProgramMode.Site,
        _ => ProgramMode.Answer,
    };

    /// <summary>Answers help, <c>--version</c> and unknown commands (usage on standard error, exit 2) without the site's services.</summary>
    public static async Task<int> AnswerAsync(string[] args, TextWriter output, TextWriter error)
    {
        await using var nothing = new ServiceCollection().BuildServiceProvider();
        return await RunAsync(nothing, args, TextReader.Null, output, error);
    }

    public static async Task<int> RunAsync(
        IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["help", .. var rest])
        {
            args = [.. rest, "--help"];
        }

        var root = new RootCommand(
            "The American Balint Society site. Without a command it runs the site; with one it runs that operator command.");
        root.Add(StaffCommand(services, input, output, error));
        root.Add(DbCommand(services, output, error));
        root.Add(ContentCommand(services, output, error));
        root.Add(MediaCommand(services, output, error));
        root.Add(CatalogCommand(services, output, error));

        var parsed = root.Parse(args);
        var exit = await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return parsed.Errors.Count > 0 ? 2 : exit;
    }

    private static Command StaffCommand(IServiceProvider services, TextReader input, TextWriter output, TextWriter error)
    {
        var email = new Option<string>("--email") { Description = "The staff member's email address (their sign-in name).", Required = true };
        var role = new Option<string>("--role") { Description = "Admin (everything) or Editor (news).", Required = true };
        role.AcceptOnlyFromAmong(Roles.All.ToArray());
        var password = new Option<string?>("--password")
        {
            Description = $"At least {PasswordRules.StaffMinimumLength} characters. Omit it to type it (or pipe it) on standard input, which keeps it out of shell history.",
        };
        var name = new Option<string?>("--name") { Description = "The name shown for the account." };

        var add = new Command("add", "Create a staff account with a confirmed email, or give an existing account a staff role.")
        {
            email, role, password, name,
        };
        add.SetAction(async (parse, cancellationToken) =>
        {
            await InitializeDatabaseAsync(services, cancellationToken);
            var supplied = parse.GetValue(password) ?? await ReadPasswordAsync(input, output, parse.GetRequiredValue(email));

            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<StaffAccounts>()
                .AddAsync(parse.GetRequiredValue(email), parse.GetRequiredValue(role), supplied, parse.GetValue(name));
            if (!result.Succeeded)
            {
                foreach (var reason in result.Errors)
                {
                    await error.WriteLineAsync($"error: {reason.Message}");
                }

                return 1;
            }

            await output.WriteLineAsync(result.Message);
            return 0;
        });

        return new Command("staff", "Staff accounts.") { add };
    }

    private static Command DbCommand(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var migrate = new Command("migrate", "Apply every pending migration to the configured database (Database:Provider, ConnectionStrings:Default).");
        migrate.SetAction(async (_, cancellationToken) =>
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync(cancellationToken);
            await output.WriteLineAsync("The database is up to date.");
            return 0;
        });

        var to = new Option<string?>("--to") { Description = "The folder to write the archive to (default: Backup:Folder, App_Data/backups)." };
        var backup = new Command("backup", "Write one archive of the database (SQLite, copied safely while the site runs), the media and the ebooks, with a manifest.") { to };
        backup.SetAction(async (parse, cancellationToken) =>
        {
            await using var scope = services.CreateAsyncScope();
            var site = scope.ServiceProvider.GetRequiredService<Data.Backups.SiteBackup>();
            if (!site.IsSqlite)
            {
                await output.WriteLineAsync("The database is SQL Server: back it up with the server's own backups (BACKUP DATABASE, or your host's "
                    + "automated backups). This archive holds only the files (media and ebooks).");
            }

            var archive = await scope.ServiceProvider.GetRequiredService<Data.Backups.BackupJobs>()
                .RunAsync(Data.Backups.BackupJobs.Command, parse.GetValue(to), cancellationToken);
            if (archive is null)
            {
                await error.WriteLineAsync("error: the backup failed; the log above says why.");
                return 1;
            }

            await output.WriteLineAsync($"Backed up to {archive.Path} ({archive.Manifest.Files.Count} files, {archive.SizeBytes:N0} bytes, migration {archive.Manifest.Migration ?? "none"}).");
            return 0;
        });

        var archivePath = new Argument<string>("ARCHIVE") { Description = "A backup archive (abs-….tar.gz)." };
        var force = new Option<bool>("--force") { Description = "Restore even though the site seems to be running (only when you are sure nothing writes to the data)." };
        var restore = new Command("restore", "Check an archive against its manifest and put it back; what it replaces is kept in App_Data/replaced-….") { archivePath, force };
        restore.SetAction(async (parse, cancellationToken) =>
        {
            await using var scope = services.CreateAsyncScope();
            var site = scope.ServiceProvider.GetRequiredService<Data.Backups.SiteBackup>();
            var target = new Data.Backups.RestoreTarget(site.IsSqlite ? site.DatabaseFile : null, site.MediaDirectory, site.EbookDirectory,
                scope.ServiceProvider.GetRequiredService<Data.Backups.SiteLock>().FilePath, scope.ServiceProvider.GetRequiredService<Infrastructure.SiteData>().Root);
            var result = await Data.Backups.SiteRestore.RestoreAsync(Path.GetFullPath(parse.GetRequiredValue(archivePath)), target, parse.GetValue(force),
                scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
            await (result.Succeeded ? output : error).WriteLineAsync(result.Succeeded ? result.Message : $"error: {result.Error}");
            return result.Succeeded ? 0 : 1;
        });

        return new Command("db", "The database.") { migrate, backup, restore };
    }

    private static Command ContentCommand(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("PATH") { Description = "A Markdown file, or a folder of them, each with front matter (title, slug, published, summary, optional tags and draft: true)." };
        var import = new Command("import", "Import articles: an existing slug is updated (its previous version kept), a new one created.") { path };
        import.SetAction(async (parse, cancellationToken) =>
        {
            await InitializeDatabaseAsync(services, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var outcomes = await scope.ServiceProvider.GetRequiredService<ArticleImporter>()
                .ImportPathAsync(parse.GetRequiredValue(path), cancellationToken);
            foreach (var outcome in outcomes)
            {
                if (outcome.Failed)
                {
                    await error.WriteLineAsync($"error: {outcome.File}: {outcome.Error}");
                }
                else
                {
                    await output.WriteLineAsync($"{outcome.Result}: {outcome.File} → /news/{outcome.Slug}");
                }
            }

            var failed = outcomes.Count(o => o.Failed);
            await output.WriteLineAsync($"{outcomes.Count - failed} imported, {failed} failed.");
            return failed == 0 ? 0 : 1;
        });

        var render = new Command("render", $"Render every article's Markdown again with the current pipeline (version {MarkdownRenderer.PipelineVersion}).");
        render.SetAction(async (_, cancellationToken) =>
        {
            await InitializeDatabaseAsync(services, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            var count = await scope.ServiceProvider.GetRequiredService<ArticleAdminService>().RerenderAllAsync(cancellationToken);
            await output.WriteLineAsync($"Rendered {count} article(s).");
            return 0;
        });

        return new Command("content", "News content.") { import, render };
    }

    private static Command MediaCommand(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var reprocess = new Command("reprocess",
            "Process every cover stored before covers were processed: encode it again (metadata gone), make its widths and WebP. Idempotent.");
        reprocess.SetAction(async (_, cancellationToken) =>
        {
            var covers = services.GetRequiredService<CoverImageStore>();
            int done = 0, skipped = 0, failed = 0;
            foreach (var name in covers.StoredNames().ToList())
            {
                try
                {
                    if (await covers.ReprocessAsync(name, cancellationToken))
                    {
                        done++;
                        await output.WriteLineAsync($"processed: {name}");
                    }
                    else
                    {
                        skipped++;
                    }
                }
                catch (InvalidDataException ex)
                {
                    failed++;
                    await error.WriteLineAsync($"error: {ex.Message}");
                }
            }

            await output.WriteLineAsync($"{done} processed, {skipped} already processed, {failed} failed.");
            return failed == 0 ? 0 : 1;
        });

        return new Command("media", "Stored images.") { reprocess };
    }

    private static Command CatalogCommand(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var sku = new Option<string>("--sku") { Description = "The ebook format's SKU, e.g. RCCP-EB.", Required = true };
        var file = new Option<string>("--file") { Description = "The ebook file: a PDF or an EPUB (checked by its content).", Required = true };
        var attach = new Command("attach", "Attach (or replace) the file an ebook's buyers download; the ebook can be ordered once it has one.") { sku, file };
        attach.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"error: {path}: no such file.");
                return 1;
            }

            await InitializeDatabaseAsync(services, cancellationToken);
            await using var scope = services.CreateAsyncScope();
            await using var stream = File.OpenRead(path);
            var result = await scope.ServiceProvider.GetRequiredService<Features.Shop.Catalog.CatalogAdministration>()
                .AttachEbookAsync(parse.GetRequiredValue(sku), stream, stream.Length, Path.GetFileName(path), "command line", null, cancellationToken);
            await (result.Succeeded ? output : error).WriteLineAsync(result.Succeeded ? result.Message : $"error: {result.Error}");
            return result.Succeeded ? 0 : 1;
        });

        return new Command("catalog", "The shop's catalogue.") { attach };
    }

    private static async Task InitializeDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }

    private static async Task<string?> ReadPasswordAsync(TextReader input, TextWriter output, string email)
    {
        if (ReferenceEquals(input, Console.In) && !Console.IsInputRedirected)
        {
            // A person at a terminal: prompt, and do not echo what they type.
            await output.WriteAsync($"Password for {email}: ");
            var typed = new StringBuilder();
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                if (key.Key == ConsoleKey.Enter)
                {
                    break;
                }

                if (key.Key == ConsoleKey.Backspace)
                {
                    if (typed.Length > 0)
                    {
                        typed.Length--;
                    }
                }
                else if (!char.IsControl(key.KeyChar))
                {
                    typed.Append(key.KeyChar);
                }
            }

            await output.WriteLineAsync();
            return typed.ToString();
        }

        return await input.ReadLineAsync();
    }
}
