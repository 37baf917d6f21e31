using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// When the anonymous account forms last mailed one address one kind of mail (<see cref="AccountMailLimit"/>). The key
/// is a hash of the kind and the address, so the table holds no address.
/// </summary>
public class AccountMailThrottle
{
    /// <summary>SHA-256 (hex) of the kind and the normalized address.</summary>
    public required string Key { get; set; }

    public DateTimeOffset LastSentAt { get; set; }
}

public sealed class AccountMailThrottleConfiguration : IEntityTypeConfiguration<AccountMailThrottle>
{
    public void Configure(EntityTypeBuilder<AccountMailThrottle> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).HasMaxLength(64);
        builder.HasIndex(t => t.LastSentAt);
    }
}
