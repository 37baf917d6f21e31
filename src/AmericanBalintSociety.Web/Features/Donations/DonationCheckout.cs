using System.Globalization;
using System.Security.Cryptography;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// Giving (issue 17): the amount checked on the server (a preset, or whole dollars within the limits), then a pending
/// gift and a Stripe Checkout Session in payment mode for exactly that amount, or for a monthly gift a pending plan and
/// a session in subscription mode with a monthly price (an idempotency key per gift or plan).
/// </summary>
public sealed class DonationCheckout(
    AppDbContext db, StripeGateway stripe, GiftAmounts amounts, Organization organization, TimeProvider clock, IOptions<DonationOptions> options, ILogger<DonationCheckout> logger)
{
    public const string GiftKey = "gift_id";

    /// <summary>The key naming a monthly gift in its session's, subscription's and invoices' metadata.</summary>
    public const string PlanKey = "gift_plan_id";

    /// <summary>The amount the form asks for, in cents, or why it cannot be given (by field).</summary>
    private Result<long> AmountOf(GiftForm form, IReadOnlyList<int> presets)
    {
        if (form.Amount == "other")
        {
            return DollarsOf(form.OtherDollars, nameof(GiftForm.OtherDollars));
        }

        return int.TryParse(form.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var preset) && presets.Contains(preset)
            ? Result.Success(preset * 100L)
            : Result.Invalid<long>(nameof(GiftForm.Amount), "Choose an amount, or “Other amount” and type it.");
    }

    /// <summary>Whole dollars as typed ("75", "$1,000", "75.00") within the limits, in cents, or why not (by <paramref name="field"/>).</summary>
    public Result<long> DollarsOf(string? typed, string field)
    {
        var settings = options.Value;
        var text = (typed ?? "").Trim().TrimStart('$').Replace(",", "", StringComparison.Ordinal);
        if (text.EndsWith(".00", StringComparison.Ordinal))
        {
            text = text[..^3];
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dollars) && dollars >= settings.MinimumDollars && dollars <= settings.MaximumDollars
            ? Result.Success(dollars * 100L)
            : Result.Invalid<long>(field, $"Enter whole dollars from {Display.Money(settings.MinimumDollars * 100L)} to {Display.Money(settings.MaximumDollars * 100L)}, e.g. 75.");
    }

    /// <summary>
    /// Starts a gift, once or monthly (monthly needs <paramref name="userId"/>): refused by field when the form is not
    /// right, else the address of Stripe's Checkout page.
    /// </summary>
    public async Task<Result<Uri>> StartAsync(GiftForm form, string? userId, string? email, string? name, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(siteBase);
        var amount = AmountOf(form, await amounts.PresetsAsync(cancellationToken));
        if (!amount.Succeeded)
        {
            return Result.Failure<Uri>(amount.Errors);
        }

        var dedicationName = form.DedicationName?.Trim();
        if (form.Dedication != Dedication.None && string.IsNullOrEmpty(dedicationName))
        {
            return Result.Invalid<Uri>(nameof(GiftForm.DedicationName), "Enter the name of the person the gift honors or remembers, or choose no dedication.");
        }

        if (form.IsMonthly && userId is null)
        {
            return Result.Invalid<Uri>(nameof(GiftForm.Frequency), "A monthly gift needs an account, so that you can change or stop it: sign in or create one, or give once.");
        }

        if (form.IsMonthly && await db.GiftPlans.AsNoTracking().Where(p => p.UserId == userId && p.Status == GiftPlanStatus.Active)
                .Select(p => (long?)p.AmountCents).FirstOrDefaultAsync(cancellationToken) is { } monthly)
        {
            return Result.Invalid<Uri>(nameof(GiftForm.Frequency),
                $"You already give {Display.Money(monthly)} every month. Change the amount or stop it under My account → Giving, or give once.");
        }

        if (!stripe.IsConfigured)
        {
            return Result.Failure<Uri>("Giving online is unavailable at the moment. Nothing was charged; please try again later, or send a cheque.");
        }

        var note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim().ReplaceLineEndings("\n");
        var dedication = (form.Dedication, form.Dedication == Dedication.None ? null : dedicationName);
        return form.IsMonthly
            ? await StartMonthlyAsync(amount.Value, dedication, note, userId!, email, siteBase, cancellationToken)
            : await StartOnceAsync(amount.Value, dedication, note, userId, email, name, siteBase, cancellationToken);
    }

    private async Task<Result<Uri>> StartOnceAsync(
        long amountCents, (Dedication Kind, string? Name) dedication, string? note, string? userId, string? email, string? name, Uri siteBase, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var gift = new Gift
        {
            Status = GiftStatus.Pending,
            AmountCents = amountCents,
            UserId = userId,
            DonorEmail = email,
            DonorName = name,
            Dedication = dedication.Kind,
            DedicationName = dedication.Name,
            Note = note,
            ReceiptToken = NewReceiptToken(),
            SiteBase = siteBase.AbsoluteUri,
            CreatedAt = now,
        };
        db.Gifts.Add(gift);
        await db.SaveChangesAsync(cancellationToken);

        var id = gift.Id.ToString(CultureInfo.InvariantCulture);
        var description = $"Gift to {organization.InSentence}";
        var created = await stripe.CreateCheckoutSessionAsync(new SessionCreateOptions
        {
            Mode = "payment",
            SubmitType = "donate",
            ClientReferenceId = id,
            Metadata = new Dictionary<string, string> { [GiftKey] = id },
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string> { [GiftKey] = id }, Description = description },
            CustomerEmail = email,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = gift.Currency,
                        UnitAmount = gift.AmountCents,
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = description },
                    },
                },
            ],
            SuccessUrl = new Uri(siteBase, "donate/thanks").AbsoluteUri + "?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = new Uri(siteBase, "donate").AbsoluteUri,
            ExpiresAt = (now + options.Value.CheckoutLifetime).UtcDateTime,
        }, $"gift-{id}", cancellationToken);
        if (created.Failure is { } failure)
        {
            logger.LogError(failure.Exception, "Stripe Checkout could not start for gift {GiftId}: {Reason}", gift.Id, failure.Message);
            gift.Status = GiftStatus.Cancelled;
            gift.Version++;
            await db.SaveChangesAsync(CancellationToken.None);
            return Result.Failure<Uri>("The payment service did not answer. Nothing was charged; please try again in a minute.");
        }

        gift.StripeCheckoutSessionId = created.Value!.Id;
        gift.Version++;
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Gift {GiftId} of {Amount} cents started; Stripe session {SessionId}", gift.Id, gift.AmountCents, gift.StripeCheckoutSessionId);
        return Result.Success(new Uri(created.Value.Url));
    }

    /// <summary>
    /// A monthly gift: a pending plan, then a subscription-mode Checkout Session with a monthly price for the amount, the
    /// plan named in the session's and subscription's metadata (so its invoices name it too). An earlier checkout of the
    /// donor's still open is closed first, so two cannot both start a plan.
    /// </summary>
    private async Task<Result<Uri>> StartMonthlyAsync(
        long amountCents, (Dedication Kind, string? Name) dedication, string? note, string userId, string? email, Uri siteBase, CancellationToken cancellationToken)
    {
        var earlier = await db.GiftPlans.Where(p => p.UserId == userId && p.Status == GiftPlanStatus.Pending && p.StripeCheckoutSessionId != null)
            .Select(p => new { p.Id, p.StripeCheckoutSessionId }).ToListAsync(cancellationToken);
        foreach (var open in earlier)
        {
            var expired = await stripe.ExpireCheckoutSessionAsync(open.StripeCheckoutSessionId!, cancellationToken);
            if (expired.Succeeded || expired.Failure is { Kind: StripeFailureKind.NotFound })
            {
                await db.GiftPlans.Where(p => p.Id == open.Id && p.Status == GiftPlanStatus.Pending).ExecuteUpdateAsync(s => s
                    .SetProperty(p => p.Status, GiftPlanStatus.Abandoned).SetProperty(p => p.Version, p => p.Version + 1), cancellationToken);
            }
        }

        var customer = await db.GiftPlans.AsNoTracking().Where(p => p.UserId == userId && p.StripeCustomerId != null)
            .OrderByDescending(p => p.Id).Select(p => p.StripeCustomerId).FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var plan = new GiftPlan
        {
            Status = GiftPlanStatus.Pending,
            AmountCents = amountCents,
            UserId = userId,
            Dedication = dedication.Kind,
            DedicationName = dedication.Name,
            Note = note,
            SiteBase = siteBase.AbsoluteUri,
            CreatedAt = now,
        };
        db.GiftPlans.Add(plan);
        await db.SaveChangesAsync(cancellationToken);

        var id = plan.Id.ToString(CultureInfo.InvariantCulture);
        var description = $"Monthly gift to {organization.InSentence}";
        var metadata = new Dictionary<string, string> { [PlanKey] = id };
        var created = await stripe.CreateCheckoutSessionAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = id,
            Metadata = metadata,
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new Dictionary<string, string>(metadata), Description = description },
            Customer = customer,
            CustomerEmail = customer is null ? email : null,
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = plan.Currency,
                        UnitAmount = plan.AmountCents,
                        Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "month" },
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = description },
                    },
                },
            ],
            SuccessUrl = new Uri(siteBase, "donate/thanks").AbsoluteUri + "?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = new Uri(siteBase, "donate").AbsoluteUri,
            ExpiresAt = (now + options.Value.CheckoutLifetime).UtcDateTime,
        }, $"gift-plan-{id}", cancellationToken);
        if (created.Failure is { } failure)
        {
            logger.LogError(failure.Exception, "Stripe Checkout could not start for monthly gift {PlanId}: {Reason}", plan.Id, failure.Message);
            plan.Status = GiftPlanStatus.Abandoned;
            plan.Version++;
            await db.SaveChangesAsync(CancellationToken.None);
            return Result.Failure<Uri>("The payment service did not answer. Nothing was charged; please try again in a minute.");
        }

        plan.StripeCheckoutSessionId = created.Value!.Id;
        plan.Version++;
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Monthly gift {PlanId} of {Amount} cents started; Stripe session {SessionId}", plan.Id, plan.AmountCents, plan.StripeCheckoutSessionId);
        return Result.Success(new Uri(created.Value.Url));
    }

    /// <summary>32 random bytes, base64url: the receipt's address cannot be guessed.</summary>
    public static string NewReceiptToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
