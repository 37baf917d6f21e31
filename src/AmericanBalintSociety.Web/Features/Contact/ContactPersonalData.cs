using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Contact;

/// <summary>The contact messages sent from a member's address: in "Download my data", deleted with the account.</summary>
public sealed class ContactPersonalData(AppDbContext db, ContactInbox inbox) : IPersonalDataSource
{
    public string Section => "contactMessages";

    public async Task<object?> ExportAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var messages = await Of(user).AsNoTracking().OrderBy(m => m.ReceivedAt).ToListAsync(cancellationToken);
        return messages.Select(m => new
        {
            m.ReceivedAt,
            m.Name,
            m.Email,
            Topic = Display.Of(m.Topic),
            m.Message,
            Status = m.Status.ToString(),
        }).ToList();
    }

    public async Task EraseAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await inbox.RemoveAsync(await Of(user).ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Messages from the account's address, whatever its case (a visitor types it as they like).</summary>
    private IQueryable<ContactMessage> Of(ApplicationUser user)
    {
        var email = ContactMessage.Normalize(user.Email ?? "");
        return db.ContactMessages.Where(m => m.NormalizedEmail == email);
    }
}
