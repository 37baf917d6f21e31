using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Data.Jobs;

/// <summary>
/// Takes a job's lease for this instance, or says another instance holds it. The lease is taken by one conditional
/// <c>UPDATE … WHERE Name = @job AND (ExpiresAt &lt;= @now OR Holder = @me)</c>, which the database applies to one
/// writer at a time, so two instances cannot both succeed; the job's first lease is an insert, which the primary key
/// lets only one instance make. A lease is not released after the run: it lasts the job's interval, so the job runs
/// once an interval across all instances, whichever reaches it first.
/// </summary>
public sealed class JobLeases(AppDbContext db, SiteInstance instance, TimeProvider clock)
{
    public async Task<bool> TryTakeAsync(string job, TimeSpan hold, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var until = now + hold;
        var me = instance.Id;
        var taken = await db.JobLeases
            .Where(l => l.Name == job && (l.ExpiresAt <= now || l.Holder == me))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, me).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.JobLeases.AnyAsync(l => l.Name == job, cancellationToken))
        {
            return false; // held by another instance
        }

        db.JobLeases.Add(new JobLease { Name = job, Holder = me, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false; // another instance made the first lease at the same moment
        }
    }
}
