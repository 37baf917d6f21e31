using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmericanBalintSociety.Web.Features.Membership;

/// <summary>
/// A note staff keep about a member ("paid by cheque, asked for a receipt by post"). Personal data of the account: in
/// its export, deleted with it.
/// </summary>
public class MemberNote
{
    public const int TextMax = 2000;

    public int Id { get; set; }

    public required string UserId { get; set; }

    public ApplicationUser? User { get; set; }

    public required string Text { get; set; }

    /// <summary>Who wrote it (the staff member's e-mail address).</summary>
    public required string Author { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class MemberNoteConfiguration : IEntityTypeConfiguration<MemberNote>
{
    public void Configure(EntityTypeBuilder<MemberNote> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(n => n.Text).HasMaxLength(MemberNote.TextMax);
        builder.Property(n => n.Author).HasMaxLength(256);
        builder.HasOne(n => n.User).WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(n => new { n.UserId, n.CreatedAt });
    }
}
