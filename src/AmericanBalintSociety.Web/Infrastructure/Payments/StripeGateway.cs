using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>
/// The site's one way to Stripe: the real Stripe.net client made from <see cref="StripeOptions"/> (pointed at
/// <see cref="StripeOptions.ApiBase"/> when set, as the tests do), the calls the site makes, and one mapping of
/// Stripe's failures (its errors, an unreachable network, a timeout) to a <see cref="StripeResult{T}"/>. Nothing else
/// in the code creates Stripe services. A cancelled request still throws <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class StripeGateway
{
    private readonly StripeOptions _settings;
    private readonly IStripeClient? _client;

    public StripeGateway(IOptions<StripeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = options.Value;
        if (!_settings.IsConfigured)
        {
            return;
        }

        var http = new SystemNetHttpClient(new HttpClient { Timeout = _settings.Timeout }, maxNetworkRetries: 2);
        _client = new StripeClient(_settings.SecretKey, httpClient: http,
            apiBase: string.IsNullOrWhiteSpace(_settings.ApiBase) ? null : _settings.ApiBase.TrimEnd('/'));
    }

    /// <summary>Whether a secret key is set, so payments can be taken.</summary>
    public bool IsConfigured => _client is not null;

    /// <summary>Why payments are off, for the pages and the admin dashboard; null when they are on.</summary>
    public static string? Unavailable(StripeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsConfigured ? null : "Stripe:SecretKey is not set, so the shop cannot take payments.";
    }

    /// <summary>Creates a Checkout Session; the idempotency key makes a retried call return the same session.</summary>
    public Task<StripeResult<Session>> CreateCheckoutSessionAsync(SessionCreateOptions session, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new SessionService(client).CreateAsync(session, Idempotent(idempotencyKey), ct), cancellationToken);

    /// <summary>Fetches a Checkout Session as Stripe has it now.</summary>
    public Task<StripeResult<Session>> GetCheckoutSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new SessionService(client).GetAsync(sessionId, cancellationToken: ct), cancellationToken);

    /// <summary>Expires an open Checkout Session, so its page can no longer take a payment.</summary>
    public Task<StripeResult<Session>> ExpireCheckoutSessionAsync(string sessionId, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new SessionService(client).ExpireAsync(sessionId, cancellationToken: ct), cancellationToken);

    /// <summary>Refunds all or part of a payment; the idempotency key makes a double submit refund once.</summary>
    public Task<StripeResult<Refund>> RefundAsync(RefundCreateOptions refund, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new RefundService(client).CreateAsync(refund, Idempotent(idempotencyKey), ct), cancellationToken);

    /// <summary>A subscription as Stripe has it now, with its items (their billing periods) and latest invoice id.</summary>
    public Task<StripeResult<Subscription>> GetSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new SubscriptionService(client).GetAsync(subscriptionId, cancellationToken: ct), cancellationToken);

    /// <summary>
    /// Turns automatic renewal off (cancel at the end of the period already paid) or back on; the idempotency key makes a
    /// double submit one change.
    /// </summary>
    public Task<StripeResult<Subscription>> SetRenewalAsync(string subscriptionId, bool renew, string idempotencyKey, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new SubscriptionService(client).UpdateAsync(subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = !renew },
            Idempotent(idempotencyKey), ct), cancellationToken);

    /// <summary>Ends a subscription now (an account deleted, staff cancelling): Stripe charges nothing more.</summary>
    public Task<StripeResult<Subscription>> CancelSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new SubscriptionService(client).CancelAsync(subscriptionId, cancellationToken: ct), cancellationToken);

    /// <summary>
    /// An invoice (a dues payment: its amount, its period in its lines, its hosted receipt page), with its payments
    /// expanded (the payment intent a refund names).
    /// </summary>
    public Task<StripeResult<Invoice>> GetInvoiceAsync(string invoiceId, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new InvoiceService(client).GetAsync(invoiceId, new InvoiceGetOptions { Expand = ["payments"] }, cancellationToken: ct), cancellationToken);

    /// <summary>
    /// A subscription as Stripe has it now and one of its invoices (the one named, else its latest), for applying what
    /// Stripe says in one piece. Either is null when Stripe has no such object; any other failure is returned.
    /// </summary>
    public async Task<StripeResult<SubscriptionNews>> GetSubscriptionNewsAsync(string subscriptionId, string? invoiceId, CancellationToken cancellationToken)
    {
        var subscription = await GetSubscriptionAsync(subscriptionId, cancellationToken);
        if (subscription.Failure is { Kind: not StripeFailureKind.NotFound } failure)
        {
            return StripeResult<SubscriptionNews>.Failed(failure.Kind, failure.Message, failure.Exception);
        }

        invoiceId ??= subscription.Value?.LatestInvoiceId;
        if (invoiceId is null)
        {
            return StripeResult<SubscriptionNews>.Of(new SubscriptionNews(subscription.Value, null));
        }

        var invoice = await GetInvoiceAsync(invoiceId, cancellationToken);
        return invoice.Failure is { Kind: not StripeFailureKind.NotFound } invoiceFailure
            ? StripeResult<SubscriptionNews>.Failed(invoiceFailure.Kind, invoiceFailure.Message, invoiceFailure.Exception)
            : StripeResult<SubscriptionNews>.Of(new SubscriptionNews(subscription.Value, invoice.Value));
    }

    /// <summary>
    /// Changes what a single-item subscription charges from its next period on (no proration: what was paid stays paid):
    /// a new price for the item's product at <paramref name="unitAmount"/> per <paramref name="interval"/>. The idempotency
    /// key makes a double submit one change.
    /// </summary>
    public async Task<StripeResult<Subscription>> ChangeSubscriptionAmountAsync(
        string subscriptionId, long unitAmount, string interval, string idempotencyKey, CancellationToken cancellationToken)
    {
        var current = await GetSubscriptionAsync(subscriptionId, cancellationToken);
        if (current.Failure is { } failure)
        {
            return current;
        }

        var item = current.Value!.Items.Data[0];
        return await CallAsync((client, ct) => new SubscriptionService(client).UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            ProrationBehavior = "none",
            Items =
            [
                new SubscriptionItemOptions
                {
                    Id = item.Id,
                    PriceData = new SubscriptionItemPriceDataOptions
                    {
                        Currency = item.Price.Currency,
                        Product = item.Price.ProductId,
                        UnitAmount = unitAmount,
                        Recurring = new SubscriptionItemPriceDataRecurringOptions { Interval = interval },
                    },
                },
            ],
        }, Idempotent(idempotencyKey), ct), cancellationToken);
    }

    /// <summary>A Billing Portal session, where a member updates their card, for the customer, coming back to the return address.</summary>
    public Task<StripeResult<Stripe.BillingPortal.Session>> CreateBillingPortalSessionAsync(string customerId, string returnUrl, CancellationToken cancellationToken) =>
        CallAsync((client, ct) => new Stripe.BillingPortal.SessionService(client).CreateAsync(
            new Stripe.BillingPortal.SessionCreateOptions { Customer = customerId, ReturnUrl = returnUrl }, cancellationToken: ct), cancellationToken);

    /// <summary>
    /// Verifies a webhook's <c>Stripe-Signature</c> against <see cref="StripeOptions.WebhookSecret"/> and its age against
    /// <see cref="StripeOptions.WebhookTolerance"/>, and reads the event; refused with the reason otherwise.
    /// </summary>
    public StripeResult<Event> ReadWebhook(string json, string? signature)
    {
        if (string.IsNullOrWhiteSpace(_settings.WebhookSecret))
        {
            return StripeResult<Event>.Failed(StripeFailureKind.NotConfigured, "Stripe:WebhookSecret is not set");
        }

        if (string.IsNullOrEmpty(signature))
        {
            return StripeResult<Event>.Failed(StripeFailureKind.Refused, "no Stripe-Signature header");
        }

        try
        {
            return StripeResult<Event>.Of(EventUtility.ConstructEvent(json, signature, _settings.WebhookSecret,
                tolerance: (long)_settings.WebhookTolerance.TotalSeconds, throwOnApiVersionMismatch: true));
        }
        catch (Exception ex) when (ex is StripeException or ArgumentException or FormatException or Newtonsoft.Json.JsonException)
        {
            return StripeResult<Event>.Failed(StripeFailureKind.Refused, ex.Message, ex);
        }
    }

    private async Task<StripeResult<T>> CallAsync<T>(Func<IStripeClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            return StripeResult<T>.Failed(StripeFailureKind.NotConfigured, "Stripe:SecretKey is not set");
        }

        // The whole call, retries included, within Stripe:TotalTimeout; past it the caller gets "no answer", not a hang.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_settings.TotalTimeout);
        try
        {
            return StripeResult<T>.Of(await call(_client, budget.Token));
        }
        catch (StripeException ex) when (ex.StripeError?.Code == "resource_missing")
        {
            return StripeResult<T>.Failed(StripeFailureKind.NotFound, ex.StripeError.Message ?? "no such object", ex);
        }
        catch (StripeException ex)
        {
            // Stripe's own message is meant for people; without one there is no answer worth showing.
            return StripeResult<T>.Failed(StripeFailureKind.Refused, ex.StripeError?.Message ?? "no answer", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return StripeResult<T>.Failed(StripeFailureKind.Unreachable, "no answer", ex);
        }
    }

    private static RequestOptions Idempotent(string key) => new() { IdempotencyKey = key };
}
