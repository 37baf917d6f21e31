using AmericanBalintSociety.Web.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data;

/// <summary>Brings the database up to date at start (or from <c>db migrate</c>) and loads the seed content.</summary>
public sealed class DatabaseInitializer(
    AppDbContext db,
    IOptions<DatabaseOptions> options,
    SeedContentLoader seed,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>Applies pending migrations; with SQLite, switches the file to WAL first.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers and one writer work at once; the setting is stored in the file.
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }
    }

    /// <summary>What the site does at start: migrate and seed, as the settings say.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            await MigrateAsync(cancellationToken);
        }

        if (options.Value.SeedOnStartup)
        {
            await seed.SeedAsync(cancellationToken);
        }
    }
}
