using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Data.Jobs;

/// <summary>Settings under <c>Jobs</c>: the background work (mail, newsletters, reconciliation, housekeeping).</summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// How long after the site starts answering its background work begins (<see cref="BackgroundStart"/>), so the
    /// first pages after a start or a deploy are not served while the jobs' first runs take the CPU. Nothing is lost
    /// meanwhile: the work waits in the database.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromSeconds(5);
}
