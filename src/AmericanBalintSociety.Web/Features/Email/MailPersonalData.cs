using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>
/// The mails the site has sent, or is about to send, to the member's address. The download lists them without
/// their bodies: a body can hold a link that still works (a password reset), which a leaked file must not carry.
/// </summary>
public sealed class MailPersonalData(AppDbContext db) : IPersonalDataSource
{
    public string Section => "mail";

    public async Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var address = Like.Exactly(user.Email ?? "");
        return await db.OutboxMessages.AsNoTracking()
            .Where(m => EF.Functions.Like(m.ToAddress, address, Like.EscapeCharacter)) // case may differ; a rare request, a scan is fine

            .OrderBy(m => m.CreatedAt)
            .Select(m => new { m.ToAddress, m.Subject, m.Category, Status = m.Status.ToString(), m.CreatedAt, m.SentAt })
            .ToListAsync(cancellationToken);
    }

    public async Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var address = Like.Exactly(user.Email ?? "");
        await db.OutboxMessages.Where(m => EF.Functions.Like(m.ToAddress, address, Like.EscapeCharacter)).ExecuteDeleteAsync(cancellationToken);
    }
}
