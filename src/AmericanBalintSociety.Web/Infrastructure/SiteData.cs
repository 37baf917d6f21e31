namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// Where the site's data lives: the database file, uploaded media, ebooks, the mail folder, backups. Relative data
/// paths in the settings (<c>App_Data/abs.db</c>, <c>App_Data/media</c>, …) resolve under <c>Site:DataDirectory</c>
/// when it is set (e.g. <c>/var/lib/abs</c>, outside the published app, so replacing the app on an upgrade cannot delete
/// the data), else under the content root, as before. Absolute paths stay as they are.
/// </summary>
public sealed class SiteData(IConfiguration configuration, IHostEnvironment environment)
{
    public const string Setting = "Site:DataDirectory";

    /// <summary>The folder relative data paths resolve under.</summary>
    public string Root { get; } = RootOf(configuration, environment);

    /// <summary>A data path as the settings give it, made absolute.</summary>
    public string Resolve(string path) => Path.GetFullPath(Path.Combine(Root, path));

    /// <summary><c>Site:DataDirectory</c> when set, else the content root (for use before services are built).</summary>
    public static string RootOf(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = configuration[Setting];
        return string.IsNullOrWhiteSpace(configured) ? environment.ContentRootPath : Path.GetFullPath(configured);
    }
}
