using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Settings under <c>Health</c>: when <c>/healthz</c> reports the site degraded (issue 18).</summary>
public sealed class HealthOptions
{
    public const string SectionName = "Health";

    /// <summary>Below this much free space on the data folder's disk, the site is degraded.</summary>
    [Range(1, 10_000_000)]
    public int MinimumFreeDiskMegabytes { get; set; } = 1024;

    /// <summary>A mail still waiting this long after it was due means mail is not going out.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MailBacklogAge { get; set; } = TimeSpan.FromMinutes(30);
}
