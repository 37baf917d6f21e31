using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Data.Jobs;

/// <summary>
/// Who may run a background job now: one row per job, taken by a conditional update (<see cref="JobLeases"/>), so with
/// several instances of the site one of them runs the job and the others skip it until the lease ends.
/// </summary>
public class JobLease
{
    /// <summary>The job's name, e.g. <c>orders.reconcile</c>.</summary>
    public required string Name { get; set; }

    /// <summary>The instance holding it (<see cref="SiteInstance.Id"/>).</summary>
    public required string Holder { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}

public sealed class JobLeaseConfiguration : IEntityTypeConfiguration<JobLease>
{
    public void Configure(EntityTypeBuilder<JobLease> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("JobLeases");
        builder.HasKey(l => l.Name);
        builder.Property(l => l.Name).HasMaxLength(64);
        builder.Property(l => l.Holder).HasMaxLength(128);
    }
}
