using AmericanBalintSociety.Web.Data;

namespace AmericanBalintSociety.UnitTests;

public sealed class SqliteConnectionStringTests
{
    [Fact]
    public void RelativeDataSource_IsPlacedUnderTheContentRoot_AndItsFolderCreated()
    {
        var root = Path.Combine(Path.GetTempPath(), "abs-unit", Guid.NewGuid().ToString("N"));

        var resolved = DatabaseServiceCollectionExtensions.ResolveSqliteConnectionString("Data Source=App_Data/abs.db", root);

        Assert.Equal($"Data Source={Path.Combine(root, "App_Data", "abs.db")}", resolved);
        Assert.True(Directory.Exists(Path.Combine(root, "App_Data")));
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void NoConnectionString_UsesTheDefault()
    {
        var root = Path.Combine(Path.GetTempPath(), "abs-unit", Guid.NewGuid().ToString("N"));

        var resolved = DatabaseServiceCollectionExtensions.ResolveSqliteConnectionString(null, root);

        Assert.EndsWith(Path.Combine("App_Data", "abs.db"), resolved, StringComparison.Ordinal);
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public void InMemoryDatabase_IsLeftAlone()
    {
        Assert.Equal("Data Source=:memory:", DatabaseServiceCollectionExtensions.ResolveSqliteConnectionString("Data Source=:memory:", "/nowhere"));
    }
}
