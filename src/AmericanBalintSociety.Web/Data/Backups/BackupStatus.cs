namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>What the dashboard and the health check say of backups: the last that worked, and a warning when one is due.</summary>
public sealed record BackupStatus(BackupRun? LastGood, string? Warning)
{
    /// <summary>How old the last backup may be before it is a warning, when backups are scheduled daily.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(25);

    public static BackupStatus Of(BackupRun? lastGood, BackupRun? last, bool scheduled, DateTimeOffset now) =>
        new(lastGood, last is { Error: { } error }
            ? $"The last backup, at {last.StartedAt:yyyy-MM-dd HH:mm} UTC, failed: {error}"
            : scheduled && (lastGood is null || now - (lastGood.FinishedAt ?? lastGood.StartedAt) > MaxAge)
                ? lastGood is null ? "No backup has been made yet: the first is due at the time Backup:Schedule sets." : "The last backup is more than a day old: check the site's log."
                : null);
}
