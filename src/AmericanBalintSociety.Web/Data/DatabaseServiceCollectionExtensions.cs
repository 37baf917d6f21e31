using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AppDbContext"/> for the provider named by <c>Database:Provider</c>:
    /// the service type is always <see cref="AppDbContext"/>, the instance the provider's subclass.
    /// </summary>
    public static IHostApplicationBuilder AddDatabase(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = builder.Configuration.GetConnectionString("Default");

        switch (options.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = ResolveSqliteConnectionString(connectionString, Infrastructure.SiteData.RootOf(builder.Configuration, builder.Environment), options.SqliteBusyTimeout);
                builder.Services.AddDbContextPool<AppDbContext, SqliteAppDbContext>((services, db) => db
                    .UseSqlite(sqlite)
                    .AddInterceptors(services.GetServices<IInterceptor>()));
                break;

            case DatabaseProvider.SqlServer:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new OptionsValidationException(
                        "ConnectionStrings:Default", typeof(DatabaseOptions),
                        ["Database:Provider is SqlServer but ConnectionStrings:Default is not set."]);
                }

                // Transient-fault retries; code that opens its own transaction runs it through
                // Database.CreateExecutionStrategy() (see docs/architecture.md).
                builder.Services.AddDbContextPool<AppDbContext, SqlServerAppDbContext>((services, db) => db
                    .UseSqlServer(connectionString, sql => sql.EnableRetryOnFailure())
                    .AddInterceptors(services.GetServices<IInterceptor>()));
                break;

            default:
                throw new OptionsValidationException(
                    "Database:Provider", typeof(DatabaseOptions), [$"Unknown database provider '{options.Provider}'."]);
        }

        builder.Services.AddSingleton<AfterCommit>();
        builder.Services.AddSingleton<IInterceptor>(services => services.GetRequiredService<AfterCommit>());
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddSingleton<Jobs.SiteInstance>();
        builder.Services.AddScoped<Jobs.JobLeases>();
        builder.Services.AddOptions<Jobs.JobOptions>().BindConfiguration(Jobs.JobOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<Jobs.BackgroundStart>();
        builder.Services.AddOptions<Backups.BackupOptions>().BindConfiguration(Backups.BackupOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<Backups.BackupOptions>, Backups.BackupOptionsValidator>();
        builder.Services.AddScoped<Backups.SiteBackup>();
        builder.Services.AddScoped<Backups.BackupJobs>();
        builder.Services.AddSingleton<Backups.SiteLock>();
        builder.Services.AddHostedService<Backups.BackupScheduler>();
        builder.Services.AddHealthChecks().AddCheck<Backups.BackupHealthCheck>("backup").AddCheck<Backups.DiskSpaceHealthCheck>("disk");
        builder.Services.AddScoped<Auditing.AuditLog>();
        return builder;
    }

    /// <summary>
    /// Makes a relative SQLite file path absolute under the content root and creates its folder, so the
    /// database is in the same place whatever the working directory; and sets the busy timeout: a command
    /// that meets a lock held by another writer retries until then (Microsoft.Data.Sqlite's own busy
    /// handling, driven by <c>Default Timeout</c>) instead of failing at once.
    /// </summary>
    internal static string ResolveSqliteConnectionString(string? connectionString, string contentRoot, TimeSpan? busyTimeout = null)
    {
        var csb = new SqliteConnectionStringBuilder(
            string.IsNullOrWhiteSpace(connectionString) ? DatabaseOptions.DefaultSqliteConnectionString : connectionString);
        if (busyTimeout is { } timeout && !(connectionString ?? "").Contains("Default Timeout", StringComparison.OrdinalIgnoreCase))
        {
            csb.DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds));
        }

        var inMemory = csb.Mode == SqliteOpenMode.Memory
            || string.Equals(csb.DataSource, ":memory:", StringComparison.Ordinal)
            || string.IsNullOrEmpty(csb.DataSource);
        if (!inMemory)
        {
            if (!Path.IsPathRooted(csb.DataSource))
            {
                csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
            }

            var directory = Path.GetDirectoryName(csb.DataSource);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        return csb.ToString();
    }
}
