using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Directory;

/// <summary>One member as the directory shows them: only what they chose to fill in.</summary>
public sealed record DirectoryListing(
    string Name, string? Credentials, string? Profession, string? Organization, string? City, string? State, bool LeadsGroups, string? Bio,
    string? PublicEmail, string? Website);

/// <summary>A search of the directory: part of a name, a state's code, a profession; all optional.</summary>
public sealed record DirectoryQuery(string? Name, string? State, string? Profession, int Page = 1);

/// <summary>
/// The members' directory (issue 16): strictly opt-in, with the fields each member chose to fill in, shown only while
/// their membership is current; readable by members (and staff), or by anyone with <c>Membership:DirectoryPublic</c>.
/// </summary>
public sealed class MemberDirectory(
    AppDbContext db, MembersOnlyAccess access, AuditLog audit, TimeProvider clock, IOptions<MembershipOptions> options)
{
    public const int PageSize = 25;

    /// <summary>Whether this visitor may read the directory.</summary>
    public async Task<bool> CanViewAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        options.Value.DirectoryPublic || await access.CanReadAsync(user, cancellationToken);

    public async Task<Paged<DirectoryListing>> SearchAsync(DirectoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var page = Math.Max(1, query.Page);
        var now = clock.GetUtcNow();
        var graceFrom = now - options.Value.GracePeriod;
        var entries = db.DirectoryEntries.AsNoTracking()
            .Where(e => e.Listed && db.Memberships.Any(m => m.UserId == e.UserId
                && (m.Kind == MembershipKind.Paid ? m.PaidThrough != null && m.PaidThrough > graceFrom : m.PaidThrough == null || m.PaidThrough > now)));
        if (!string.IsNullOrWhiteSpace(query.Name))
        {
            var pattern = Like.Contains(query.Name.Trim());
            entries = entries.Where(e => EF.Functions.Like(e.Name, pattern, Like.EscapeCharacter));
        }

        if (UsStates.IsCode(query.State))
        {
            entries = entries.Where(e => e.State == query.State);
        }

        if (query.Profession is { } profession && ProfessionalRoles.All.Contains(profession))
        {
            entries = entries.Where(e => e.Profession == profession);
        }

        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderBy(e => e.Name).ThenBy(e => e.UserId).Skip((page - 1) * PageSize).Take(PageSize)
            .Select(e => new DirectoryListing(e.Name, e.Credentials, e.Profession, e.Organization, e.City, e.State, e.LeadsGroups, e.Bio, e.PublicEmail, e.Website))
            .ToListAsync(cancellationToken);
        return new Paged<DirectoryListing>(rows, page, PageSize, total);
    }

    /// <summary>The member's entry for the form; without one, a suggestion from their profile (not listed until they say so).</summary>
    public async Task<DirectoryForm> FormAsync(string userId, CancellationToken cancellationToken)
    {
        var entry = await db.DirectoryEntries.AsNoTracking().FirstOrDefaultAsync(e => e.UserId == userId, cancellationToken);
        if (entry is not null)
        {
            return new DirectoryForm
            {
                Listed = entry.Listed,
                Name = entry.Name,
                Credentials = entry.Credentials,
                Profession = entry.Profession,
                Organization = entry.Organization,
                City = entry.City,
                State = entry.State,
                LeadsGroups = entry.LeadsGroups,
                Bio = entry.Bio,
                PublicEmail = entry.PublicEmail,
                Website = entry.Website,
            };
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.DisplayName, u.ProfessionalRole, u.Organization, u.City, u.State }).FirstOrDefaultAsync(cancellationToken);
        return new DirectoryForm
        {
            Name = user?.DisplayName,
            Profession = ProfessionalRoles.All.Contains(user?.ProfessionalRole ?? "") ? user!.ProfessionalRole : null,
            Organization = user?.Organization,
            City = user?.City,
            State = UsStates.All.FirstOrDefault(s => string.Equals(s.Name, user?.State?.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(s.Code, user?.State?.Trim(), StringComparison.OrdinalIgnoreCase)).Code,
        };
    }

    /// <summary>Saves the member's entry (refused, by field, when something is not right); listing, leaving and edits are audited.</summary>
    public async Task<Result> SaveAsync(string userId, string actorName, DirectoryForm form, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new List<ResultError>();
        if (form.Listed && string.IsNullOrWhiteSpace(form.Name))
        {
            errors.Add(new ResultError(nameof(form.Name), "Enter the name to show, or untick “List me” to stay out of the directory."));
        }

        if (!string.IsNullOrEmpty(form.Profession) && !ProfessionalRoles.All.Contains(form.Profession))
        {
            errors.Add(new ResultError(nameof(form.Profession), "Choose a profession from the list."));
        }

        if (!string.IsNullOrEmpty(form.State) && !UsStates.IsCode(form.State))
        {
            errors.Add(new ResultError(nameof(form.State), "Choose a state from the list."));
        }

        if (!string.IsNullOrWhiteSpace(form.Website)
            && !(Uri.TryCreate(form.Website.Trim(), UriKind.Absolute, out var site) && (site.Scheme == Uri.UriSchemeHttps || site.Scheme == Uri.UriSchemeHttp) && site.Host.Contains('.', StringComparison.Ordinal)))
        {
            errors.Add(new ResultError(nameof(form.Website), "Enter the full address, e.g. https://www.example.org, or leave it empty."));
        }

        if (errors.Count > 0)
        {
            return Result.Failure(errors);
        }

        var entry = await db.DirectoryEntries.FirstOrDefaultAsync(e => e.UserId == userId, cancellationToken);
        var wasListed = entry?.Listed ?? false;
        if (entry is null)
        {
            entry = new DirectoryEntry { UserId = userId };
            db.DirectoryEntries.Add(entry);
        }

        entry.Listed = form.Listed;
        entry.Name = Clean(form.Name) ?? "";
        entry.Credentials = Clean(form.Credentials);
        entry.Profession = Clean(form.Profession);
        entry.Organization = Clean(form.Organization);
        entry.City = Clean(form.City);
        entry.State = Clean(form.State);
        entry.LeadsGroups = form.LeadsGroups;
        entry.Bio = Clean(form.Bio?.ReplaceLineEndings("\n"));
        entry.PublicEmail = Clean(form.PublicEmail);
        entry.Website = Clean(form.Website);
        entry.UpdatedAt = clock.GetUtcNow();
        var action = (wasListed, form.Listed) switch
        {
            (false, true) => "directory.listed",
            (true, false) => "directory.left",
            _ => "directory.updated",
        };
        audit.Record(userId, actorName, action, AccountSubjects.For(userId));
        await db.SaveChangesAsync(cancellationToken);
        return Result.Success(form.Listed
            ? options.Value.DirectoryPublic
                ? "Your directory entry is saved. Anyone visiting the directory sees it while your membership is current."
                : "Your directory entry is saved. Members see it while your membership is current."
            : "You are not listed in the directory. What you typed is kept here, for you only.");
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
