using System.Globalization;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Membership.Levels;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// Joining, rejoining and renewing online (ADR 0015): a Stripe Checkout Session in subscription mode whose yearly price is
/// the level's dues from the database (never from the form), for the member's own account and e-mail address. The
/// membership row exists before the session, so the session, its subscription and their invoices all name it.
/// </summary>
public sealed class MembershipCheckout(
    AppDbContext db, StripeGateway stripe, MembershipDues dues, Organization organization, SiteTime time, TimeProvider clock,
    IOptions<MembershipOptions> options, ILogger<MembershipCheckout> logger)
{
    /// <summary>Stripe needs a trial to end at least two days ahead; a renewal closer than that starts at once.</summary>
    private static readonly TimeSpan MinimumDeferral = TimeSpan.FromDays(2);

    /// <summary>Why this account cannot start a join now, in a sentence for the member; null when it can.</summary>
    public async Task<string?> WhyNotAsync(string userId, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.AsNoTracking().FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        return membership is null ? null : WhyNot(membership, clock.GetUtcNow());
    }

    private string? WhyNot(SocietyMembership membership, DateTimeOffset now)
    {
        var status = MembershipState.Of(membership, now, options.Value.GracePeriod);
        var through = membership.PaidThrough is { } end ? time.Date(MembershipState.LastDay(end)) : null;
        if (membership.Kind != MembershipKind.Paid && status == MembershipStatus.Active)
        {
            return through is null
                ? $"You are {KindWord(membership.Kind)} member, with no end date: there are no dues to pay."
                : $"You are {KindWord(membership.Kind)} member through {through}: there are no dues to pay until then.";
        }

        // One subscription at a time: while one renews, joining again would charge twice a year.
        if (membership is { StripeSubscriptionId: not null, AutoRenew: true })
        {
            return status switch
            {
                MembershipStatus.Pending => "Your first payment is still being processed by your bank. It reaches us within a few days; nothing more is needed.",
                MembershipStatus.Active => $"You are a member, paid through {through}, and your dues renew automatically.",
                _ => "Your dues renew by card, and the renewal is being processed or retried. If your card has changed, update it on your membership page and it is tried again.",
            };
        }

        return status == MembershipStatus.Active && RenewalCanResume(membership)
            ? $"You are a member, paid through {through}. To keep your membership going, turn automatic renewal back on on your membership page."
            : null;
    }

    /// <summary>Whether the membership's subscription still runs to its period's end, so renewal can be turned back on instead of paying again.</summary>
    private static bool RenewalCanResume(SocietyMembership membership) => membership is { StripeSubscriptionId: not null, AutoRenew: false, PaidThrough: not null };

    /// <summary>
    /// Starts paying the level's dues: refuses with the reason (already a member, the level not on offer, Stripe not
    /// answering), or returns the address of Stripe's Checkout page. A member still paid through a later date (an offline
    /// payment) is charged only from that date (the subscription's trial ends then), so nothing is paid twice.
    /// </summary>
    public async Task<Result<Uri>> StartAsync(string userId, string email, int levelId, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(siteBase);
        if (!stripe.IsConfigured)
        {
            return Result.Failure<Uri>("Joining online is unavailable at the moment. Nothing was charged; please try again later.");
        }

        var level = await db.MembershipLevels.AsNoTracking().FirstOrDefaultAsync(l => l.Id == levelId, cancellationToken);
        if (level is not { CanBeJoined: true })
        {
            return Result.Failure<Uri>("That membership level is not open to join. Choose one of the levels on the membership page.");
        }

        var now = clock.GetUtcNow();
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.UserId == userId, cancellationToken);
        if (membership is not null && WhyNot(membership, now) is { } refusal)
        {
            return Result.Failure<Uri>(refusal);
        }

        // A new checkout replaces an earlier one still open, so that page cannot take a second payment.
        if (membership?.PendingCheckoutSessionId is { } earlier)
        {
            if (await dues.CloseCheckoutAsync(membership.Id, earlier, cancellationToken) is { } settled)
            {
                return Result.Failure<Uri>(settled);
            }

            db.ChangeTracker.Clear();
            membership = await db.Memberships.FirstAsync(m => m.Id == membership.Id, cancellationToken);
        }

        // A subscription that no longer renews but was never ended (its end missed) is ended first: one subscription at a time.
        if (membership is { StripeSubscriptionId: { } stale, AutoRenew: false })
        {
            var ended = await stripe.CancelSubscriptionAsync(stale, cancellationToken);
            if (ended.Failure is { Kind: not StripeFailureKind.NotFound } notEnded)
            {
                logger.LogWarning(notEnded.Exception, "Membership {MembershipId}: the old subscription {SubscriptionId} could not be ended ({Reason})", membership.Id, stale, notEnded.Message);
                return Result.Failure<Uri>("The payment service did not answer. Nothing was charged; please try again in a minute.");
            }

            membership.StripeSubscriptionId = null;
        }

        if (membership is null)
        {
            membership = new SocietyMembership { UserId = userId, LevelId = level.Id, Kind = MembershipKind.Paid, CreatedAt = now };
            db.Memberships.Add(membership);
        }
        else if (membership is { Kind: MembershipKind.Paid, PaidThrough: null })
        {
            membership.LevelId = level.Id; // never paid: the choice made now is the level it is pending at
        }

        membership.SiteBase = siteBase.AbsoluteUri;
        membership.UpdatedAt = now;
        membership.Version++;
        await db.SaveChangesAsync(cancellationToken);

        var deferredTo = membership is { Kind: MembershipKind.Paid, PaidThrough: { } through } && through - now > MinimumDeferral ? through : (DateTimeOffset?)null;
        var created = await stripe.CreateCheckoutSessionAsync(SessionOptions(membership, level, email, siteBase, now, deferredTo),
            $"membership-{membership.Id.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}", cancellationToken);
        if (created.Failure is { } failure)
        {
            logger.LogError(failure.Exception, "Stripe Checkout could not start for membership {MembershipId}: {Reason}", membership.Id, failure.Message);
            return Result.Failure<Uri>("The payment service did not answer. Nothing was charged; please try again in a minute.");
        }

        var session = created.Value!;
        membership.PendingCheckoutSessionId = session.Id;
        membership.Version++;
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Membership {MembershipId}: checkout {SessionId} started for level {LevelId}", membership.Id, session.Id, level.Id);
        return Result.Success(new Uri(session.Url));
    }

    private SessionCreateOptions SessionOptions(
        SocietyMembership membership, MembershipLevel level, string email, Uri siteBase, DateTimeOffset now, DateTimeOffset? deferredTo)
    {
        var metadata = new Dictionary<string, string>
        {
            [DuesNews.MembershipKey] = membership.Id.ToString(CultureInfo.InvariantCulture),
            [DuesNews.LevelKey] = level.Id.ToString(CultureInfo.InvariantCulture),
        };
        var description = $"{organization.Name} membership: {level.Name}";
        return new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = membership.Id.ToString(CultureInfo.InvariantCulture),
            Metadata = metadata,
            Customer = membership.StripeCustomerId,
            CustomerEmail = membership.StripeCustomerId is null ? email : null,
            SubscriptionData = new SessionSubscriptionDataOptions
            {
                Metadata = new Dictionary<string, string>(metadata),
                Description = description,
                TrialEnd = deferredTo?.UtcDateTime,
            },
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "usd",
                        UnitAmount = level.AnnualDuesCents!.Value,
                        Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "year", IntervalCount = 1 },
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = description },
                    },
                },
            ],
            SuccessUrl = new Uri(siteBase, "membership/welcome").AbsoluteUri + "?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = new Uri(siteBase, $"membership/join/{level.Id.ToString(CultureInfo.InvariantCulture)}").AbsoluteUri,
            ExpiresAt = (now + options.Value.CheckoutLifetime).UtcDateTime,
        };
    }

    private static string KindWord(MembershipKind kind) => kind == MembershipKind.Honorary ? "an honorary" : "a complimentary";
}
