using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// One signed-in browser: the authentication ticket kept on the server, so signing out (or "sign out everywhere", or a
/// lock by staff) ends it at once. The browser's cookie holds only a random key; this row is found by its hash.
/// </summary>
public class SignInSession
{
    /// <summary>The SHA-256 of the key in the browser's cookie (hex), so a copy of the database holds no usable key.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The serialized ticket: the account's claims, how it signed in, and when the session expires.</summary>
    public required byte[] Ticket { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the ticket was last renewed (at most <c>Security:SessionValidationInterval</c> after the last visit).</summary>
    public DateTimeOffset RenewedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The browser's User-Agent when it signed in (cut to its maximum length), to tell sessions apart.</summary>
    public string? UserAgent { get; set; }

    public const int UserAgentMaxLength = 256;
}

public sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.UserAgent).HasMaxLength(SignInSession.UserAgentMaxLength);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
