using System.Security.Claims;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Data.Auditing;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>An account's membership as staff and the member read it.</summary>
public sealed record MembershipSummary(string Level, MembershipKind Kind, DateTimeOffset? Through, MembershipStatus Status);

/// <summary>
/// Honorary and complimentary memberships, which staff grant with an end date or none (issue 16), and the membership
/// an account has. A grant never overrides dues being paid: a current paid membership is refused with the reason.
/// Every grant and end is audited in its own transaction.
/// </summary>
public sealed class MembershipGrants(AppDbContext db, AuditLog audit, SiteTime time, TimeProvider clock, IOptions<MembershipOptions> options)
{
    public async Task<MembershipSummary?> ForAsync(string userId, CancellationToken cancellationToken)
    {
        var row = await db.Memberships.AsNoTracking().Where(m => m.UserId == userId)
            .Select(m => new { Level = m.Level!.Name, m.Kind, m.PaidThrough }).FirstOrDefaultAsync(cancellationToken);
        return row is null ? null
            : new MembershipSummary(row.Level, row.Kind, row.PaidThrough, MembershipState.Of(row.Kind, row.PaidThrough, clock.GetUtcNow(), options.Value.GracePeriod));
    }

    /// <summary>Grants (or changes) an honorary or complimentary membership lasting through <paramref name="endsOn"/>, or without end.</summary>
    public async Task<Result> GrantAsync(ClaimsPrincipal actor, string userId, int levelId, MembershipKind kind, DateOnly? endsOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (kind == MembershipKind.Paid)
        {
            return Result.Invalid("kind", "Choose honorary or complimentary: paid memberships come from dues.");
        }

        var now = clock.GetUtcNow();
        DateTimeOffset? through = endsOn is { } end ? time.StartOfDay(end.AddDays(1)) : null; // through the whole end date
        if (through <= now)
        {
            return Result.Invalid("endsOn", "The end date has passed. Choose a later date, or none for a membership without end.");
        }

        var level = await db.MembershipLevels.AsNoTracking().FirstOrDefaultAsync(l => l.Id == levelId, cancellationToken);
        if (level is null)
        {
            return Result.Invalid("levelId", "Choose a membership level.");
        }

        if (!await db.Users.AnyAsync(u => u.Id == userId, cancellationToken))
        {
            return Result.Failure("That account no longer exists.");
        }

        return await db.RunInTransactionAsync(async () =>
        {
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
            if (membership is { Kind: MembershipKind.Paid } paid
                && MembershipState.IsCurrent(MembershipState.Of(paid, now, options.Value.GracePeriod)))
            {
                return Result.Failure($"This member's paid membership runs until {time.Date(MembershipState.LastDay(paid.PaidThrough!.Value))}. Grant it when that ends, or cancel the dues first.");
            }

            if (membership is { StripeSubscriptionId: not null })
            {
                // A renewal Stripe is still retrying would turn the grant back into a paid membership, and charge the card.
                return Result.Failure("This member still has a card subscription at Stripe. Cancel the card renewal first, then grant.");
            }

            if (membership is null)
            {
                membership = new SocietyMembership { UserId = userId, CreatedAt = now };
                db.Memberships.Add(membership);
            }

            membership.LevelId = level.Id;
            membership.Kind = kind;
            membership.PaidThrough = through;
            membership.AutoRenew = false;
            membership.UpdatedAt = now;
            membership.Version++;
            var what = $"{kind} membership, {level.Name}, {(through is null ? "no end date" : $"through {endsOn!.Value.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US"))}")}";
            audit.Record(actor, "membership.granted", AccountSubjects.For(userId), what);
            return Result.Success($"{what}: granted.");
        }, cancellationToken);
    }

    /// <summary>Ends a granted membership now (it shows as lapsed); a paid one is ended through its dues instead.</summary>
    public Task<Result> EndGrantAsync(ClaimsPrincipal actor, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return db.RunInTransactionAsync(async () =>
        {
            var now = clock.GetUtcNow();
            var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
            if (membership is null || membership.Kind == MembershipKind.Paid || !MembershipState.IsCurrent(MembershipState.Of(membership, now, options.Value.GracePeriod)))
            {
                return Result.Failure("This member has no current honorary or complimentary membership to end.");
            }

            membership.PaidThrough = now;
            membership.UpdatedAt = now;
            membership.Version++;
            audit.Record(actor, "membership.ended", AccountSubjects.For(userId), $"{membership.Kind} membership ended");
            return Result.Success("The membership was ended.");
        }, cancellationToken);
    }
}
