using System.Globalization;
using System.Security.Cryptography;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.Extensions.Options;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Donations;

/// <summary>
/// Giving once (issue 17): the amount checked on the server (a preset, or whole dollars within the limits), a pending
/// gift, then a Stripe Checkout Session in payment mode for exactly that amount (an idempotency key per gift).
/// </summary>
public sealed class DonationCheckout(
    AppDbContext db, StripeGateway stripe, Organization organization, TimeProvider clock, IOptions<DonationOptions> options, ILogger<DonationCheckout> logger)
{
    public const string GiftKey = "gift_id";

    /// <summary>The amount the form asks for, in cents, or why it cannot be given (by field).</summary>
    public Result<long> AmountOf(GiftForm form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var settings = options.Value;
        var limits = $"Enter whole dollars from {Display.Money(settings.MinimumDollars * 100L)} to {Display.Money(settings.MaximumDollars * 100L)}, e.g. 75.";
        if (form.Amount == "other")
        {
            var typed = (form.OtherDollars ?? "").Trim().TrimStart('$').Replace(",", "", StringComparison.Ordinal);
            if (typed.EndsWith(".00", StringComparison.Ordinal))
            {
                typed = typed[..^3];
            }

            return int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var dollars) && dollars >= settings.MinimumDollars && dollars <= settings.MaximumDollars
                ? Result.Success(dollars * 100L)
                : Result.Invalid<long>(nameof(GiftForm.OtherDollars), limits);
        }

        return int.TryParse(form.Amount, NumberStyles.None, CultureInfo.InvariantCulture, out var preset) && settings.PresetDollars.Contains(preset)
            ? Result.Success(preset * 100L)
            : Result.Invalid<long>(nameof(GiftForm.Amount), "Choose an amount, or “Other amount” and type it.");
    }

    /// <summary>Starts a one-time gift: refused by field when the form is not right, else the address of Stripe's Checkout page.</summary>
    public async Task<Result<Uri>> StartAsync(GiftForm form, string? userId, string? email, string? name, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(siteBase);
        var amount = AmountOf(form);
        if (!amount.Succeeded)
        {
            return Result.Failure<Uri>(amount.Errors);
        }

        var dedicationName = form.DedicationName?.Trim();
        if (form.Dedication != Dedication.None && string.IsNullOrEmpty(dedicationName))
        {
            return Result.Invalid<Uri>(nameof(GiftForm.DedicationName), "Enter the name of the person the gift honors or remembers, or choose no dedication.");
        }

        if (!stripe.IsConfigured)
        {
            return Result.Failure<Uri>("Giving online is unavailable at the moment. Nothing was charged; please try again later, or send a cheque.");
        }

        var now = clock.GetUtcNow();
        var gift = new Gift
        {
            Status = GiftStatus.Pending,
            AmountCents = amount.Value,
            UserId = userId,
            DonorEmail = email,
            DonorName = name,
            Dedication = form.Dedication,
            DedicationName = form.Dedication == Dedication.None ? null : dedicationName,
            Note = string.IsNullOrWhiteSpace(form.Note) ? null : form.Note.Trim().ReplaceLineEndings("\n"),
            ReceiptToken = NewToken(),
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

    /// <summary>32 random bytes, base64url: the receipt's address cannot be guessed.</summary>
    private static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
