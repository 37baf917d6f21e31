using AmericanBalintSociety.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.TestSupport;

/// <summary>
/// One SQLite file migrated to the latest migration, made once per test run and copied for each site, so a test
/// site starts from an up-to-date schema instead of running every migration again. The site still runs its own
/// start-up (WAL, pending migrations: none, seed content), so what it does at start is exercised on every site.
/// Tests of migrating itself ask for an empty database (<see cref="TestSite.StartFromEmptyDatabase"/>).
/// </summary>
public static class MigratedDatabaseTemplate
{
    private static readonly Lazy<string> Template = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the template to <paramref name="databasePath"/>.</summary>
    public static void CopyTo(string databasePath) => File.Copy(Template.Value, databasePath);

    private static string Create()
    {
        var folder = Path.Combine(Path.GetTempPath(), "abs-tests", "template-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestSite.DeleteDirectory(folder);
        var path = Path.Combine(folder, "abs.db");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();

        using (var db = new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(connectionString).Options))
        {
            db.Database.OpenConnection();
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            db.Database.Migrate();
            // Everything into the main file, so copying that one file copies the whole database.
            db.Database.ExecuteSqlRaw("PRAGMA wal_checkpoint(TRUNCATE);");
            db.Database.CloseConnection();
        }

        return path;
    }
}
