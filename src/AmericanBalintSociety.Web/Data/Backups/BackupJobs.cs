using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>
/// A backup as the running site and the command make it: recorded as a <see cref="BackupRun"/> (for the dashboard),
/// failures included, and the folder pruned to <c>Backup:Keep</c> after a scheduled one.
/// </summary>
public sealed class BackupJobs(AppDbContext db, SiteBackup backup, TimeProvider clock, ILogger<BackupJobs> logger)
{
    public const string Scheduled = "scheduled";
    public const string BeforeMigrations = "before-migrations";
    public const string Command = "command";

    public async Task<BackupArchive?> RunAsync(string kind, string? folder, CancellationToken cancellationToken)
    {
        var run = new BackupRun { Kind = kind, StartedAt = clock.GetUtcNow() };
        db.BackupRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var archive = await backup.CreateAsync(folder, null, cancellationToken);
            run.File = Path.GetFileName(archive.Path);
            run.SizeBytes = archive.SizeBytes;
            if (kind == Scheduled)
            {
                var pruned = backup.Prune(folder);
                if (pruned > 0)
                {
                    logger.LogInformation("Deleted {Count} old backup(s) beyond Backup:Keep", pruned);
                }
            }

            return archive;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogError(ex, "Backup ({Kind}) failed", kind);
            run.Error = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
            return null;
        }
        finally
        {
            run.FinishedAt = clock.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException)
            {
                // The archive (or the failure) stands; only the dashboard's record of how it ended is missing, which the
                // dashboard then shows as a backup that never finished.
                logger.LogError(ex, "Backup ({Kind}) ended, but its record could not be saved", kind);
            }
        }
    }

    /// <summary>The newest backup that worked, and a warning when the newest failed or (scheduled) none is recent.</summary>
    public async Task<BackupStatus> StatusAsync(bool scheduled, CancellationToken cancellationToken) =>
        BackupStatus.Of(
            await db.BackupRuns.AsNoTracking().Where(r => r.File != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken),
            await db.BackupRuns.AsNoTracking().Where(r => r.FinishedAt != null).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken),
            scheduled, clock.GetUtcNow());
}
