using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

[Trait("Database", "Sqlite")] // about the SQLite file itself: left out when the tests run on SQL Server (docs/operations.md)
public sealed class MigrationTests
{
    [Fact]
    public void Sqlite_ModelHasNoChangesWithoutAMigration()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQLite migration: dotnet ef migrations add <Name> --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public void SqlServer_ModelHasNoChangesWithoutAMigration()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a SQL Server migration: dotnet ef migrations add <Name> --context SqlServerAppDbContext --output-dir Data/Migrations/SqlServer");
    }

    [Fact]
    public void Sqlite_CompiledModelIsTheModel()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        AssertCompiledModelIsCurrent(db, typeof(Web.Data.CompiledModels.Sqlite.SqliteAppDbContextModel),
            "dotnet ef dbcontext optimize --context SqliteAppDbContext --output-dir Data/CompiledModels/Sqlite --namespace AmericanBalintSociety.Web.Data.CompiledModels.Sqlite");
    }

    [Fact]
    public void SqlServer_CompiledModelIsTheModel()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        AssertCompiledModelIsCurrent(db, typeof(Web.Data.CompiledModels.SqlServer.SqlServerAppDbContextModel),
            "dotnet ef dbcontext optimize --context SqlServerAppDbContext --output-dir Data/CompiledModels/SqlServer --namespace AmericanBalintSociety.Web.Data.CompiledModels.SqlServer");
    }

    /// <summary>
    /// The site runs on the generated (compiled) model, found by its assembly attribute, so a start need not build the
    /// model from the entity configurations (issue 19). A model changed without regenerating it would run on the old
    /// shape: the model built from the configurations, as EF would build it at run time, must read exactly the same.
    /// </summary>
    private static void AssertCompiledModelIsCurrent(DbContext db, Type compiledType, string regenerate)
    {
        var compiled = db.Model;
        var built = db.GetService<IModelSource>().GetModel(db, db.GetService<ModelCreationDependencies>(), designTime: false);

        Assert.IsAssignableFrom(compiledType, compiled);
        Assert.NotSame(compiled, built);
        var expected = built.ToDebugString(MetadataDebugStringOptions.LongDefault);
        var actual = WithoutAdHocTypes(compiled.ToDebugString(MetadataDebugStringOptions.LongDefault));
        Assert.True(expected == actual, $"The compiled model is out of date; in src/AmericanBalintSociety.Web run: {regenerate}\n"
            + FirstDifference(expected, actual));
    }

    /// <summary>
    /// The compiled model is one instance per process, and EF adds to it the row types of raw SQL queries as they are first
    /// run (the search's <c>SqlQuery</c>), as "ad-hoc entity types": not part of the model as configured.
    /// </summary>
    private static string WithoutAdHocTypes(string debugView)
    {
        var lines = debugView.Split('\n').ToList();
        var start = lines.FindIndex(l => l.Trim() == "Ad-hoc entity types:");
        if (start < 0)
        {
            return debugView;
        }

        var indent = lines[start].Length - lines[start].TrimStart().Length;
        var end = start + 1;
        while (end < lines.Count && lines[end].Length - lines[end].TrimStart().Length > indent)
        {
            end++;
        }

        lines.RemoveRange(start, end - start);
        return string.Join('\n', lines);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "(end)";
            var right = i < a.Length ? a[i] : "(end)";
            if (left != right)
            {
                return $"line {i + 1}: the model has \"{left.Trim()}\", the compiled model \"{right.Trim()}\"";
            }
        }

        return "";
    }

    [Fact]
    public void BothProviders_HaveTheSameMigrationsInTheSameOrder()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);

        static List<string> Names(DbContext db) =>
            db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]).ToList();

        Assert.NotEmpty(Names(sqlite));
        Assert.Equal(Names(sqlite), Names(sqlServer));
    }

    [Fact]
    public void SqlServer_IdempotentMigrationScriptIsGenerated()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("CREATE TABLE [Articles]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [AspNetUsers]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [OutboxMessages]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [DataProtectionKeys]", script, StringComparison.Ordinal);
        Assert.Contains("IF NOT EXISTS", script, StringComparison.Ordinal);
        Assert.Contains("__EFMigrationsHistory", script, StringComparison.Ordinal);
    }

    /// <summary>
    /// There is no SQL Server here (issue 19), so what can be proven is proven: the idempotent script a DBA would run
    /// parses as T-SQL (SQL Server 2022's grammar, Microsoft's own parser), every batch of it.
    /// </summary>
    [Fact]
    public void SqlServer_IdempotentMigrationScript_ParsesAsTransactSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parser = new Microsoft.SqlServer.TransactSql.ScriptDom.TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        var parsed = parser.Parse(reader, out var errors);

        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(5).Select(e => $"line {e.Line}: {e.Message}")));
        var statements = ((Microsoft.SqlServer.TransactSql.ScriptDom.TSqlScript)parsed).Batches.Sum(b => b.Statements.Count);
        Assert.True(statements > db.Database.GetMigrations().Count(), $"only {statements} statements parsed"); // one IF block or more per migration
    }

    /// <summary>
    /// The two plain queries of a start (is every migration applied, is the seed loaded) are SQL the site writes itself,
    /// so on SQL Server they must parse as T-SQL too.
    /// </summary>
    [Fact]
    public void SqlServer_TheStartsOwnQueries_ParseAsTransactSql()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var seeded = Web.Data.Seeding.SeedContentLoader.RecordedSql(db);
        Assert.Equal("SELECT COUNT(*) FROM [SeedRecords] WHERE [Key] = @key", seeded);

        var parser = new Microsoft.SqlServer.TransactSql.ScriptDom.TSql160Parser(initialQuotedIdentifiers: true);
        foreach (var sql in new[] { DatabaseInitializer.AppliedMigrationsSql, seeded })
        {
            using var reader = new StringReader(sql);
            parser.Parse(reader, out var errors);
            Assert.True(errors.Count == 0, $"{sql}: {string.Join("; ", errors.Select(e => e.Message))}");
        }
    }

    /// <summary>
    /// A bulk update written with EF (here the mail text's retention, a batch of rows chosen by order and limit) is
    /// translated for SQL Server and parses as T-SQL. The statement is captured on its way out, without a server: the
    /// connection's opening and the command are suppressed.
    /// </summary>
    [Fact]
    public async Task SqlServer_TheMailRetentionsBatchUpdate_ParsesAsTransactSql()
    {
        var capture = new StatementCapture();
        await using var db = new SqlServerAppDbContext(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=(none);Database=AmericanBalintSociety;Integrated Security=true;TrustServerCertificate=true")
            .AddInterceptors(capture)
            .Options);
        var emptied = await new Web.Features.Email.MailRetention(db, Microsoft.Extensions.Options.Options.Create(new Web.Features.Email.EmailOptions()), TimeProvider.System)
            .ForgetOldTextAsync(CancellationToken.None);

        Assert.Equal(0, emptied);
        var sql = Assert.Single(capture.Statements);
        Assert.StartsWith("UPDATE", sql.TrimStart(), StringComparison.Ordinal);
        var parser = new Microsoft.SqlServer.TransactSql.ScriptDom.TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        Assert.True(errors.Count == 0, $"{sql}: {string.Join("; ", errors.Select(e => e.Message))}");
    }

    private sealed class StatementCapture : DbConnectionInterceptor, IDbCommandInterceptor
    {
        public List<string> Statements { get; } = [];

        public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
            System.Data.Common.DbConnection connection, ConnectionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(InterceptionResult.Suppress());

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            System.Data.Common.DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Statements.Add(command.CommandText);
            return ValueTask.FromResult(InterceptionResult<int>.SuppressWithResult(0));
        }
    }

    [Fact]
    public async Task Sqlite_DatabaseIsMigratedAtStartInWalMode_WithABusyTimeout()
    {
        await using var site = new TestSite { StartFromEmptyDatabase = true };
        _ = site.Server;

        await site.WithDbAsync(async db =>
        {
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode;";
            Assert.Equal("wal", await command.ExecuteScalarAsync());
            Assert.Equal(5, ((Microsoft.Data.Sqlite.SqliteConnection)connection).DefaultTimeout);
        });
        Assert.True(File.Exists(site.DatabasePath));
    }

    [Fact]
    public async Task Sqlite_AWriterWaitsForAnotherWritersLock_InsteadOfFailing()
    {
        await using var site = new TestSite { Settings = { ["Email:Dispatcher:Enabled"] = "false" } };
        _ = site.Server;

        // Another process holds the write lock for a second.
        await using var other = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={site.DatabasePath}");
        await other.OpenAsync();
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        // On a thread of its own: the waiting writer sleeps on a pool thread (SQLite's busy wait is synchronous), and with
        // the suite running on two cores a pool thread for the release could come later than the busy timeout.
        var release = Task.Factory.StartNew(() =>
        {
            Thread.Sleep(TimeSpan.FromSeconds(1));
            using var commit = other.CreateCommand();
            commit.CommandText = "COMMIT;";
            commit.ExecuteNonQuery();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var started = DateTime.UtcNow;
        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Web.Features.Email.EmailOutbox>().SendAsync(
                new Web.Features.Email.EmailMessage("waiting@example.org", "Waited", "<p>x</p>", "x"), CancellationToken.None);
        }

        await release;
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(900), "the write went through while the other writer held the lock");
        Assert.True(await site.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.ToAddress == "waiting@example.org")));
    }
}
