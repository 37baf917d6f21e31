using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.Web.Features.Membership.Levels;

/// <summary>The membership levels: what the membership page offers, and staff's edits (audited, optimistic concurrency).</summary>
public sealed class MembershipLevels(AppDbContext db, AuditLog audit)
{
    /// <summary>Every level in page order, for staff.</summary>
    public Task<List<MembershipLevel>> AllAsync(CancellationToken cancellationToken) =>
        db.MembershipLevels.AsNoTracking().OrderBy(l => l.DisplayOrder).ThenBy(l => l.Name).ToListAsync(cancellationToken);

    /// <summary>The levels someone can join now (on offer and priced), in page order.</summary>
    public async Task<List<MembershipLevel>> JoinableAsync(CancellationToken cancellationToken) =>
        [.. (await AllAsync(cancellationToken)).Where(l => l.CanBeJoined)];

    public Task<MembershipLevel?> FindAsync(int id, CancellationToken cancellationToken) =>
        db.MembershipLevels.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken);

    /// <summary>
    /// What keeps the membership page from showing levels with their dues, for the dashboard; null when one can be shown.
    /// </summary>
    public async Task<string?> NotOpenBecauseAsync(CancellationToken cancellationToken)
    {
        var levels = await AllAsync(cancellationToken);
        if (levels.Any(l => l.CanBeJoined))
        {
            return null;
        }

        var offered = levels.Where(l => l.IsOffered).Select(l => l.Name).ToList();
        return levels.Count == 0 ? "No membership level exists yet."
            : offered.Count == 0 ? "No membership level is on offer."
            : $"{string.Join(" and ", offered)} {(offered.Count == 1 ? "has" : "have")} no annual dues set yet, so the membership page cannot show {(offered.Count == 1 ? "it" : "them")}.";
    }

    public static LevelForm FormOf(MembershipLevel level)
    {
        ArgumentNullException.ThrowIfNull(level);
        return new LevelForm
        {
            Id = level.Id,
            Name = level.Name,
            Description = level.Description,
            Eligibility = level.Eligibility,
            AnnualDues = level.AnnualDuesCents is { } cents ? Display.Dollars(cents) : "",
            IsOffered = level.IsOffered,
            DisplayOrder = level.DisplayOrder,
            Version = level.Version,
        };
    }

    /// <summary>Creates (<see cref="LevelForm.Id"/> 0) or updates a level; refused by the field with the reason.</summary>
    public async Task<Result<int>> SaveAsync(LevelForm form, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        long? dues = null;
        if (!string.IsNullOrWhiteSpace(form.AnnualDues))
        {
            if (!Display.TryParseDollars(form.AnnualDues, out var cents) || cents <= 0)
            {
                return Result.Invalid<int>(nameof(LevelForm.AnnualDues), "Enter the annual dues in dollars, e.g. 120 or 120.00, or leave it empty.");
            }

            dues = cents;
        }

        var name = form.Name!.Trim();
        try
        {
            // The level and its audit line in one transaction: a new level has its id only once saved.
            return await db.RunInTransactionAsync(() => SaveCoreAsync(form, name, dues, actor, cancellationToken), cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Result.Failure("Someone else changed this level since you opened it. Reload it and make your change again.").As<int>();
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            return Result.Invalid<int>(nameof(LevelForm.Name), $"There is already a level named “{name}”.");
        }
    }

    private async Task<Result<int>> SaveCoreAsync(LevelForm form, string name, long? dues, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        if (await db.MembershipLevels.AnyAsync(l => l.Name == name && l.Id != form.Id, cancellationToken))
        {
            return Result.Invalid<int>(nameof(LevelForm.Name), $"There is already a level named “{name}”.");
        }

        MembershipLevel level;
        var before = "";
        if (form.Id == 0)
        {
            level = new MembershipLevel { Name = name };
            db.MembershipLevels.Add(level);
        }
        else
        {
            var found = await db.MembershipLevels.FirstOrDefaultAsync(l => l.Id == form.Id, cancellationToken);
            if (found is null)
            {
                return Result.Failure("That level no longer exists.").As<int>();
            }

            if (found.Version != form.Version)
            {
                return Result.Failure("Someone else changed this level since you opened it. Reload it and make your change again.").As<int>();
            }

            level = found;
            before = Describe(level) + " → ";
            level.Version++;
        }

        level.Name = name;
        // A browser sends a textarea's line breaks as CRLF; the page splits paragraphs on a blank line.
        level.Description = form.Description?.ReplaceLineEndings("\n").Trim() ?? "";
        level.Eligibility = string.IsNullOrWhiteSpace(form.Eligibility) ? null : form.Eligibility.Trim();
        level.AnnualDuesCents = dues;
        level.IsOffered = form.IsOffered;
        level.DisplayOrder = form.DisplayOrder;
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(actor, form.Id == 0 ? "membership-level.created" : "membership-level.edited", $"membership-level:{level.Id}", before + Describe(level));
        return Result.Success(level.Id, $"{level.Name} saved.");
    }

    private static string Describe(MembershipLevel level) =>
        $"{level.Name}, {(level.AnnualDuesCents is { } cents ? Display.Money(cents) + " a year" : "no dues set")}, {(level.IsOffered ? "on offer" : "not on offer")}";
}
