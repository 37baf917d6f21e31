using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Data;

/// <summary>The SQL Server flavour of the model; migrations live in <c>Data/Migrations/SqlServer</c>.</summary>
public sealed class SqlServerAppDbContext(DbContextOptions<SqlServerAppDbContext> options) : AppDbContext(options);
