using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using AmericanBalintSociety.Web.Data;
using AmericanBalintSociety.Web.Features.Shared;
using AmericanBalintSociety.Web.Features.Shop.Carts;
using AmericanBalintSociety.Web.Features.Shop.Orders;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Shop.Checkout;

/// <summary>
/// "Checkout": a pending order with the lines and prices copied from the catalogue, then a Stripe Checkout Session for
/// exactly those prices (an idempotency key per order, so a retried call cannot make a second session).
/// </summary>
public sealed class CheckoutService(
    AppDbContext db, CartService carts, StripeGateway stripe, TimeProvider clock, IOptions<ShopOptions> options, ILogger<CheckoutService> logger)
{
    public async Task<Result<Uri>> StartAsync(ClaimsPrincipal user, string? memberEmail, Uri siteBase, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(siteBase);
        if (!stripe.IsConfigured)
        {
            return Result.Failure<Uri>("Ordering is unavailable at the moment. Your cart is kept; please try again later.");
        }

        var cartId = await carts.CurrentCartIdAsync(cancellationToken);
        var cart = cartId is null ? CartView.Empty : await carts.ViewAsync(cartId.Value, cancellationToken);
        if (cart.Lines.Count == 0)
        {
            return Result.Failure<Uri>("Your cart is empty.");
        }

        if (cart.Lines.FirstOrDefault(l => !l.CanBeOrdered) is { } unavailable)
        {
            return Result.Failure<Uri>($"{unavailable.Title} ({unavailable.Format}) can no longer be ordered. Remove it from your cart to go on.");
        }

        await ExpireEarlierCheckoutsAsync(cartId!.Value, cancellationToken);
        var now = clock.GetUtcNow();
        var order = PendingOrder(cart, cartId.Value, user, memberEmail, siteBase, now);
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);

        var created = await stripe.CreateCheckoutSessionAsync(SessionOptions(order, siteBase, now), $"checkout-{order.Number}", cancellationToken);
        if (created.Failure is { } failure)
        {
            logger.LogError(failure.Exception, "Stripe Checkout could not start for order {OrderNumber}: {Reason}", order.Number, failure.Message);
            order.Status = OrderStatus.Cancelled;
            order.CancelledAt = clock.GetUtcNow();
            db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, At = clock.GetUtcNow(), Kind = "Cancelled", Message = $"Checkout could not start: {failure.Exception?.GetType().Name ?? failure.Kind.ToString()}.", Actor = "checkout" });
            await db.SaveChangesAsync(CancellationToken.None);
            return Result.Failure<Uri>("The payment service did not answer. Nothing was charged and your cart is kept; please try again in a minute.");
        }

        var session = created.Value!;
        order.StripeCheckoutSessionId = session.Id;
        db.OrderEvents.Add(new OrderEvent { OrderId = order.Id, At = clock.GetUtcNow(), Kind = "Pending", Message = $"Checkout started ({Shared.Display.Money(order.SubtotalCents)} before shipping).", Actor = "checkout" });
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Order {OrderNumber} created; Stripe session {SessionId}", order.Number, session.Id);
        return Result.Success(new Uri(session.Url));
    }

    /// <summary>A pending order with the cart's lines and the catalogue's prices copied into it.</summary>
    private static Order PendingOrder(CartView cart, Guid cartId, ClaimsPrincipal user, string? memberEmail, Uri siteBase, DateTimeOffset now) =>
        new()
        {
            Number = NewOrderNumber(),
            Status = OrderStatus.Pending,
            UserId = user.FindFirstValue(ClaimTypes.NameIdentifier),
            CartId = cartId,
            Email = memberEmail,
            SubtotalCents = cart.SubtotalCents,
            TotalCents = cart.SubtotalCents,
            NeedsShipping = cart.NeedsShipping,
            SiteBase = siteBase.AbsoluteUri,
            CreatedAt = now,
            UpdatedAt = now,
            Lines = [.. cart.Lines.Select(l => new OrderLine
                {
                    BookFormatId = l.FormatId,
                    Sku = l.Sku,
                    Title = l.Title,
                    Format = l.Format,
                    UnitPriceCents = l.UnitPriceCents,
                    Quantity = l.Quantity,
                    IsPhysical = l.IsPhysical,
                })],
        };

    /// <summary>
    /// A new checkout of the same cart replaces any earlier one still open at Stripe (the buyer went back and changed the
    /// cart): it is expired there and cancelled here, so the old page cannot take a second payment. Best effort: an
    /// earlier checkout that was paid meanwhile cannot be expired, and its payment is fulfilled as usual.
    /// </summary>
    private async Task ExpireEarlierCheckoutsAsync(Guid cartId, CancellationToken cancellationToken)
    {
        var earlier = await db.Orders.Where(o => o.CartId == cartId && o.Status == OrderStatus.Pending && o.StripeCheckoutSessionId != null)
            .Select(o => new { o.Id, o.Number, o.StripeCheckoutSessionId }).ToListAsync(cancellationToken);
        foreach (var order in earlier)
        {
            var expired = await stripe.ExpireCheckoutSessionAsync(order.StripeCheckoutSessionId!, cancellationToken);
            if (expired.Failure is { } failure)
            {
                logger.LogInformation("Earlier checkout of order {OrderNumber} could not be expired ({Reason}); it is settled as usual", order.Number, failure.Message);
                continue;
            }

            await db.Orders.Where(o => o.Id == order.Id && o.Status == OrderStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Cancelled).SetProperty(o => o.CancelledAt, clock.GetUtcNow())
                    .SetProperty(o => o.Version, o => o.Version + 1), cancellationToken);
        }
    }

    private SessionCreateOptions SessionOptions(Order order, Uri siteBase, DateTimeOffset now)
    {
        var settings = options.Value;
        var session = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = order.Id.ToString(CultureInfo.InvariantCulture),
            Metadata = new Dictionary<string, string> { ["order_id"] = order.Id.ToString(CultureInfo.InvariantCulture), ["order_number"] = order.Number },
            PaymentIntentData = new SessionPaymentIntentDataOptions
            {
                Metadata = new Dictionary<string, string> { ["order_number"] = order.Number },
                Description = $"Order {order.Number}",
            },
            CustomerEmail = order.Email,
            SuccessUrl = new Uri(siteBase, "checkout/success").AbsoluteUri + "?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = new Uri(siteBase, "cart").AbsoluteUri,
            ExpiresAt = (now + settings.CheckoutLifetime).UtcDateTime,
            LineItems = [.. order.Lines.Select(l => new SessionLineItemOptions
            {
                Quantity = l.Quantity,
                PriceData = new SessionLineItemPriceDataOptions
                {
                    Currency = order.Currency,
                    UnitAmount = l.UnitPriceCents,
                    ProductData = new SessionLineItemPriceDataProductDataOptions { Name = $"{l.Title} ({l.Format})", Metadata = new Dictionary<string, string> { ["sku"] = l.Sku } },
                },
            })],
        };

        // Only a cart with a paperback asks for an address and offers shipping; an ebook needs neither.
        if (order.NeedsShipping)
        {
            session.ShippingAddressCollection = new SessionShippingAddressCollectionOptions { AllowedCountries = [.. settings.ShippingCountries] };
            session.ShippingOptions = [.. settings.ShippingRates.Select(r => new SessionShippingOptionOptions
            {
                ShippingRateData = new SessionShippingOptionShippingRateDataOptions
                {
                    DisplayName = r.Name,
                    Type = "fixed_amount",
                    FixedAmount = new SessionShippingOptionShippingRateDataFixedAmountOptions { Amount = r.AmountCents, Currency = order.Currency },
                    DeliveryEstimate = new SessionShippingOptionShippingRateDataDeliveryEstimateOptions
                    {
                        Minimum = new SessionShippingOptionShippingRateDataDeliveryEstimateMinimumOptions { Unit = "business_day", Value = r.MinBusinessDays },
                        Maximum = new SessionShippingOptionShippingRateDataDeliveryEstimateMaximumOptions { Unit = "business_day", Value = r.MaxBusinessDays },
                    },
                },
            })];
        }

        return session;
    }

    /// <summary>"ABS-7K3Q-9XM2": 8 random characters from an alphabet without look-alikes (0/O, 1/I/L).</summary>
    public static string NewOrderNumber()
    {
        const string alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
        Span<char> chars = stackalloc char[8];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return $"ABS-{chars[..4]}-{chars[4..]}";
    }
}
