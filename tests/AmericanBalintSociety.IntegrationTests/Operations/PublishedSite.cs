namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>The site published once per test run (<c>dotnet publish --no-build</c>), for the tests that run it as a process.</summary>
public static class PublishedSite
{
    private static readonly Lazy<Task<string>> Published = new(PublishAsync);

    /// <summary>The folder holding <c>AmericanBalintSociety.Web.dll</c> and everything it needs.</summary>
    public static Task<string> FolderAsync() => Published.Value;

    public static string Dll(string folder) => Path.Combine(folder, "AmericanBalintSociety.Web.dll");

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "AmericanBalintSociety.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository root (AmericanBalintSociety.sln) was not found.");
    }

    private static async Task<string> PublishAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "published-site");
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        await ChildProcess.RunAsync("dotnet", RepositoryRoot(), new Dictionary<string, string>(), "publish", "src/AmericanBalintSociety.Web", "--no-build", "-c", "Debug", "-o", folder);
        return folder;
    }
}
