using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AmericanBalintSociety.Web.Data;

/// <inheritdoc cref="SqliteDesignTimeFactory"/>
public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerAppDbContext>
{
    public SqlServerAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerAppDbContext>()
            .UseSqlServer("Server=(design-time);Database=AmericanBalintSociety;Integrated Security=true;TrustServerCertificate=true")
            .Options);
}
