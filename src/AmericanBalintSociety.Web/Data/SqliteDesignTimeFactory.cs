using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AmericanBalintSociety.Web.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build each provider's context without starting the site or reaching a server:
/// <c>dotnet ef migrations add Name --context SqliteAppDbContext --output-dir Data/Migrations/Sqlite</c>.
/// </summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite(DatabaseOptions.DefaultSqliteConnectionString)
            .Options);
}
