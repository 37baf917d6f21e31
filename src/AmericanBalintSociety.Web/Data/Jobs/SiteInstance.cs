namespace AmericanBalintSociety.Web.Data.Jobs;

/// <summary>This process among the site's instances: a name unique to it, for leases and logs.</summary>
public sealed class SiteInstance
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
