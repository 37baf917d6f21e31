using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Settings under <c>Database</c>. The connection string itself is <c>ConnectionStrings:Default</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public const string DefaultSqliteConnectionString = "Data Source=App_Data/abs.db";

    /// <summary><c>Sqlite</c> (default, embedded) or <c>SqlServer</c>.</summary>
    [EnumDataType(typeof(DatabaseProvider))]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the site starts.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Load the seed content (idempotently) when the site starts.</summary>
    public bool SeedOnStartup { get; set; } = true;

    /// <summary>How long a SQLite connection waits for a lock before giving up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
