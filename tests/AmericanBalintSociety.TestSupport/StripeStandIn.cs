using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.TestSupport;

/// <summary>
/// A local server that answers the part of Stripe's API the site uses, the way Stripe answers it: Checkout Sessions
/// (create, retrieve, expire), refunds, subscriptions (retrieve, renewal off and on, cancel), invoices, Billing Portal
/// sessions, idempotency keys. The site's real Stripe.net client talks to it through
/// <c>Stripe:ApiBase</c>. Tests then play the buyer (<see cref="Complete"/>, <see cref="Expire"/>) and Stripe's
/// webhooks (<see cref="Event"/> and <see cref="Sign"/>, signed as Stripe signs them).
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    public const string SecretKey = "sk_test_standin";
    public const string WebhookSecret = "whsec_standin_secret";

    private readonly ConcurrentDictionary<string, JsonObject> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _subscriptions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, JsonObject> _invoices = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _idempotent = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly object _gate = new();
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = new("http://127.0.0.1");

    /// <summary>Every request the site made, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The status Stripe gives new refunds ("succeeded", or "failed" to play a card that cannot take one).</summary>
    public string RefundStatus { get; set; } = "succeeded";

    /// <summary>When set, every API call fails like an unreachable Stripe (500 after this delay).</summary>
    public TimeSpan? Outage { get; set; }

    public static async Task<StripeStandIn> StartAsync()
    {
        var standIn = new StripeStandIn();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/v1/checkout/sessions", (Delegate)((HttpContext context) => standIn.CreateSessionAsync(context)));
        app.MapGet("/v1/checkout/sessions/{id}", (HttpContext context, string id) => standIn.GetSessionAsync(context, id));
        app.MapPost("/v1/checkout/sessions/{id}/expire", (HttpContext context, string id) => standIn.ExpireSessionAsync(context, id));
        app.MapPost("/v1/refunds", (Delegate)((HttpContext context) => standIn.CreateRefundAsync(context)));
        app.MapGet("/v1/subscriptions/{id}", (HttpContext context, string id) => standIn.GetAsync(context, standIn._subscriptions, "subscription", id));
        app.MapPost("/v1/subscriptions/{id}", (HttpContext context, string id) => standIn.UpdateSubscriptionAsync(context, id));
        app.MapDelete("/v1/subscriptions/{id}", (HttpContext context, string id) => standIn.CancelSubscriptionAsync(context, id));
        app.MapGet("/v1/invoices/{id}", (HttpContext context, string id) => standIn.GetAsync(context, standIn._invoices, "invoice", id));
        app.MapPost("/v1/billing_portal/sessions", (Delegate)((HttpContext context) => standIn.CreatePortalSessionAsync(context)));
        app.MapGet("/pay/{id}", (string id) => Results.Content($"<!DOCTYPE html><title>Stripe Checkout (stand-in)</title><h1>Pay for {WebUtility.HtmlEncode(id)}</h1>", "text/html"));
        await app.StartAsync();
        standIn._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        standIn.BaseAddress = new Uri(address);
        return standIn;
    }

    /// <summary>The settings that point a <see cref="TestSite"/> at this stand-in.</summary>
    public void Configure(TestSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        site.Settings["Stripe:SecretKey"] = SecretKey;
        site.Settings["Stripe:PublishableKey"] = "pk_test_standin";
        site.Settings["Stripe:WebhookSecret"] = WebhookSecret;
        site.Settings["Stripe:ApiBase"] = BaseAddress.AbsoluteUri.TrimEnd('/');
    }

    public JsonObject Session(string id) => _sessions[id];

    public IReadOnlyList<JsonObject> Sessions => [.. _sessions.Values];

    /// <summary>
    /// The buyer pays (or starts a payment that is still processing): the session completes, with the buyer's details,
    /// the shipping rate they chose (by index, when shipping was offered) and the amounts Stripe would charge.
    /// <paramref name="amountTotalOverride"/> makes Stripe report a different total (a mismatch the site must hold).
    /// </summary>
    public JsonObject Complete(string id, bool paid = true, int shippingRate = 0, string email = "buyer@example.org", string name = "Pat Buyer", long? amountTotalOverride = null)
    {
        lock (_gate)
        {
            var session = _sessions[id];
            var subtotal = session["amount_subtotal"]!.GetValue<long>();
            long shipping = 0;
            if (session["shipping_options"] is JsonArray { Count: > 0 } options)
            {
                var option = options[shippingRate]!;
                shipping = option["shipping_amount"]!.GetValue<long>();
                session["shipping_cost"] = new JsonObject
                {
                    ["amount_subtotal"] = shipping,
                    ["amount_tax"] = 0,
                    ["amount_total"] = shipping,
                    ["shipping_rate"] = option["shipping_rate"]!.GetValue<string>(),
                };
                session["collected_information"] = new JsonObject
                {
                    ["shipping_details"] = new JsonObject { ["name"] = name, ["address"] = Address() },
                };
            }

            session["status"] = "complete";
            session["payment_status"] = paid ? "paid" : "unpaid";
            session["payment_intent"] = session["payment_intent"]?.GetValue<string>() ?? $"pi_{Random()}";
            session["amount_total"] = amountTotalOverride ?? subtotal + shipping;
            session["customer_details"] = new JsonObject { ["email"] = email, ["name"] = name, ["address"] = Address() };
            return (JsonObject)session.DeepClone();
        }
    }

    /// <summary>A payment that was processing has cleared.</summary>
    public JsonObject MarkPaid(string id)
    {
        lock (_gate)
        {
            _sessions[id]["payment_status"] = "paid";
            return (JsonObject)_sessions[id].DeepClone();
        }
    }

    public JsonObject Expire(string id)
    {
        lock (_gate)
        {
            _sessions[id]["status"] = "expired";
            return (JsonObject)_sessions[id].DeepClone();
        }
    }

    public JsonObject Subscription(string id) => (JsonObject)_subscriptions[id].DeepClone();

    public JsonObject Invoice(string id) => (JsonObject)_invoices[id].DeepClone();

    /// <summary>
    /// The member pays at Checkout for a subscription-mode session: like Stripe, a customer (unless the session named
    /// one), the subscription for a year (a month, for a monthly price) from <paramref name="periodStart"/> (its billing period on its item, as in API
    /// versions since 2025-03-31) and its first invoice, paid. Returns the session as Stripe now has it.
    /// </summary>
    public JsonObject CompleteSubscription(string sessionId, DateTimeOffset? periodStart = null, string email = "member@example.org", string name = "Morgan Member")
    {
        lock (_gate)
        {
            var session = _sessions[sessionId];
            var amount = session["amount_subtotal"]!.GetValue<long>();
            var customer = session["customer"]?.GetValue<string>() ?? $"cus_{Random()}";
            var subscriptionId = $"sub_{Random()}";
            var start = periodStart ?? DateTimeOffset.UtcNow;
            var metadata = session["subscription_metadata_for_tests"]?.DeepClone() as JsonObject ?? new JsonObject();

            // A trial (a renewal deferred to the date already paid through) charges nothing now: the first period ends then.
            var trialEnd = session["subscription_trial_end_for_tests"]?.GetValue<long>() is { } trial ? DateTimeOffset.FromUnixTimeSeconds(trial) : (DateTimeOffset?)null;
            var monthly = session["line_items_for_tests"]?[0]?["recurring_interval"]?.GetValue<string>() == "month";
            var end = trialEnd ?? (monthly ? start.AddMonths(1) : start.AddYears(1));
            var invoice = NewInvoice(subscriptionId, customer, trialEnd is null ? amount : 0, start, end, paid: true, reason: "subscription_create", metadata);
            _subscriptions[subscriptionId] = new JsonObject
            {
                ["id"] = subscriptionId,
                ["object"] = "subscription",
                ["status"] = trialEnd is null ? "active" : "trialing",
                ["customer"] = customer,
                ["cancel_at_period_end"] = false,
                ["trial_end"] = trialEnd?.ToUnixTimeSeconds(),
                ["latest_invoice"] = invoice["id"]!.GetValue<string>(),
                ["metadata"] = metadata,
                ["created"] = start.ToUnixTimeSeconds(),
                ["livemode"] = false,
                ["items"] = new JsonObject
                {
                    ["object"] = "list",
                    ["has_more"] = false,
                    ["data"] = new JsonArray(new JsonObject
                    {
                        ["id"] = $"si_{Random()}",
                        ["object"] = "subscription_item",
                        ["quantity"] = 1,
                        ["current_period_start"] = start.ToUnixTimeSeconds(),
                        ["current_period_end"] = end.ToUnixTimeSeconds(),
                        ["price"] = new JsonObject
                        {
                            ["id"] = $"price_{Random()}",
                            ["object"] = "price",
                            ["unit_amount"] = amount,
                            ["currency"] = "usd",
                            ["product"] = $"prod_{Random()}",
                            ["recurring"] = new JsonObject { ["interval"] = monthly ? "month" : "year", ["interval_count"] = 1 },
                        },
                    }),
                },
            };
            session["status"] = "complete";
            session["payment_status"] = "paid";
            session["customer"] = customer;
            session["subscription"] = subscriptionId;
            session["invoice"] = invoice["id"]!.GetValue<string>();
            session["amount_total"] = trialEnd is null ? amount : 0;
            session["payment_status"] = trialEnd is null ? "paid" : "no_payment_required";
            session["customer_details"] = new JsonObject { ["email"] = email, ["name"] = name, ["address"] = Address() };
            return (JsonObject)session.DeepClone();
        }
    }

    /// <summary>
    /// The period ends and Stripe charges the card again (<paramref name="paid"/>) or fails to (the subscription goes
    /// past due): a new invoice for the next year (or month), at the item's price now. Returns the invoice, the data of <c>invoice.paid</c> or
    /// <c>invoice.payment_failed</c>.
    /// </summary>
    public JsonObject Renew(string subscriptionId, bool paid = true)
    {
        lock (_gate)
        {
            var subscription = _subscriptions[subscriptionId];
            var item = subscription["items"]!["data"]![0]!;
            var start = DateTimeOffset.FromUnixTimeSeconds(item["current_period_end"]!.GetValue<long>());
            var amount = item["price"]!["unit_amount"]!.GetValue<long>();
            var end = item["price"]!["recurring"]?["interval"]?.GetValue<string>() == "month" ? start.AddMonths(1) : start.AddYears(1);
            var invoice = NewInvoice(subscriptionId, subscription["customer"]!.GetValue<string>(), amount, start, end, paid, "subscription_cycle",
                (JsonObject)subscription["metadata"]!.DeepClone());
            subscription["latest_invoice"] = invoice["id"]!.GetValue<string>();
            if (paid)
            {
                item["current_period_start"] = start.ToUnixTimeSeconds();
                item["current_period_end"] = end.ToUnixTimeSeconds();
                subscription["status"] = "active";
            }
            else
            {
                subscription["status"] = "past_due";
            }

            return (JsonObject)invoice.DeepClone();
        }
    }

    /// <summary>
    /// Stripe's retry of a failed renewal succeeds (the member updated their card): the invoice is paid, the subscription
    /// active again for the invoice's period. Returns the invoice, the data of <c>invoice.paid</c>.
    /// </summary>
    public JsonObject PayInvoice(string invoiceId, DateTimeOffset? at = null)
    {
        lock (_gate)
        {
            var invoice = _invoices[invoiceId];
            invoice["status"] = "paid";
            invoice["amount_paid"] = invoice["amount_due"]!.GetValue<long>();
            invoice["status_transitions"] = new JsonObject { ["paid_at"] = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() };
            invoice["payments"] = Payments(invoiceId, invoice["amount_due"]!.GetValue<long>());
            var subscription = _subscriptions[invoice["parent"]!["subscription_details"]!["subscription"]!.GetValue<string>()];
            var period = invoice["lines"]!["data"]![0]!["period"]!;
            var item = subscription["items"]!["data"]![0]!;
            item["current_period_start"] = period["start"]!.GetValue<long>();
            item["current_period_end"] = period["end"]!.GetValue<long>();
            subscription["status"] = "active";
            return (JsonObject)invoice.DeepClone();
        }
    }

    /// <summary>
    /// The subscription ends as Stripe ends it (at the end of a period set to cancel, or after the last failed retry):
    /// status <c>canceled</c>. Returns it, the data of <c>customer.subscription.deleted</c>.
    /// </summary>
    public JsonObject EndSubscription(string subscriptionId)
    {
        lock (_gate)
        {
            var subscription = _subscriptions[subscriptionId];
            subscription["status"] = "canceled";
            subscription["ended_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return (JsonObject)subscription.DeepClone();
        }
    }

    /// <summary>A Stripe event around a copy of <paramref name="data"/>, in Stripe.net's pinned API version.</summary>
    public static string Event(string type, JsonObject data, string? id = null) =>
        new JsonObject
        {
            ["id"] = id ?? $"evt_{Random()}",
            ["object"] = "event",
            ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["type"] = type,
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new JsonObject { ["id"] = null, ["idempotency_key"] = null },
            ["data"] = new JsonObject { ["object"] = data.DeepClone() },
        }.ToJsonString();

    /// <summary>A <c>charge.refunded</c> event's charge for the payment.</summary>
    public static JsonObject Charge(string paymentIntent, long amount, long amountRefunded) => new()
    {
        ["id"] = $"ch_{Random()}",
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_refunded"] = amountRefunded,
        ["refunded"] = amountRefunded >= amount,
        ["currency"] = "usd",
        ["payment_intent"] = paymentIntent,
        ["status"] = "succeeded",
        ["paid"] = true,
        ["captured"] = true,
        ["livemode"] = false,
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
    };

    /// <summary>The <c>Stripe-Signature</c> header Stripe sends: <c>t=…,v1=HMAC-SHA256(secret, "t.payload")</c>.</summary>
    public static string Sign(string payload, string secret = WebhookSecret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(signature)}";
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task<IResult> CreateSessionAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        Record(context, form);
        if (await OutageAsync() is { } down)
        {
            return down;
        }

        return Idempotent(context, () =>
        {
            var id = $"cs_test_{Random()}";
            long subtotal = 0;
            var lineItems = new JsonArray();
            for (var i = 0; form.ContainsKey($"line_items[{i}][quantity]"); i++)
            {
                var quantity = long.Parse(form[$"line_items[{i}][quantity]"]!, CultureInfo.InvariantCulture);
                var unit = long.Parse(form[$"line_items[{i}][price_data][unit_amount]"]!, CultureInfo.InvariantCulture);
                subtotal += quantity * unit;
                lineItems.Add(new JsonObject
                {
                    ["quantity"] = quantity,
                    ["unit_amount"] = unit,
                    ["name"] = form[$"line_items[{i}][price_data][product_data][name]"].ToString(),
                    ["recurring_interval"] = form.ContainsKey($"line_items[{i}][price_data][recurring][interval]") ? form[$"line_items[{i}][price_data][recurring][interval]"].ToString() : null,
                });
            }

            var shippingOptions = new JsonArray();
            for (var i = 0; form.ContainsKey($"shipping_options[{i}][shipping_rate_data][fixed_amount][amount]"); i++)
            {
                shippingOptions.Add(new JsonObject
                {
                    ["shipping_amount"] = long.Parse(form[$"shipping_options[{i}][shipping_rate_data][fixed_amount][amount]"]!, CultureInfo.InvariantCulture),
                    ["shipping_rate"] = $"shr_{Random()}",
                });
            }

            var countries = new JsonArray();
            for (var i = 0; form.ContainsKey($"shipping_address_collection[allowed_countries][{i}]"); i++)
            {
                countries.Add(form[$"shipping_address_collection[allowed_countries][{i}]"].ToString());
            }

            var metadata = new JsonObject();
            foreach (var key in form.Keys.Where(k => k.StartsWith("metadata[", StringComparison.Ordinal)))
            {
                metadata[key["metadata[".Length..^1]] = form[key].ToString();
            }

            var subscriptionMetadata = new JsonObject();
            foreach (var key in form.Keys.Where(k => k.StartsWith("subscription_data[metadata][", StringComparison.Ordinal)))
            {
                subscriptionMetadata[key["subscription_data[metadata][".Length..^1]] = form[key].ToString();
            }

            var session = new JsonObject
            {
                ["id"] = id,
                ["object"] = "checkout.session",
                ["mode"] = form["mode"].ToString(),
                ["status"] = "open",
                ["payment_status"] = "unpaid",
                ["currency"] = "usd",
                ["amount_subtotal"] = subtotal,
                ["amount_total"] = subtotal,
                ["client_reference_id"] = form["client_reference_id"].ToString(),
                ["customer_email"] = form.ContainsKey("customer_email") ? form["customer_email"].ToString() : null,
                ["customer"] = form.ContainsKey("customer") ? form["customer"].ToString() : null,
                ["subscription"] = null,
                ["subscription_metadata_for_tests"] = subscriptionMetadata,
                ["subscription_trial_end_for_tests"] = form.ContainsKey("subscription_data[trial_end]")
                    ? long.Parse(form["subscription_data[trial_end]"]!, CultureInfo.InvariantCulture) : null,
                ["metadata"] = metadata,
                ["success_url"] = form["success_url"].ToString(),
                ["cancel_url"] = form["cancel_url"].ToString(),
                ["expires_at"] = form.ContainsKey("expires_at") ? long.Parse(form["expires_at"]!, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow.AddHours(24).ToUnixTimeSeconds(),
                ["url"] = new Uri(BaseAddress, $"pay/{id}").AbsoluteUri,
                ["livemode"] = false,
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["shipping_address_collection"] = countries.Count > 0 ? new JsonObject { ["allowed_countries"] = countries } : null,
                ["shipping_options"] = shippingOptions,
                ["line_items_for_tests"] = lineItems,
            };
            _sessions[id] = session;
            return session.ToJsonString();
        });
    }

    private async Task<IResult> GetSessionAsync(HttpContext context, string id)
    {
        Record(context, null);
        if (await OutageAsync() is { } down)
        {
            return down;
        }

        lock (_gate)
        {
            return _sessions.TryGetValue(id, out var session)
                ? Results.Content(session.ToJsonString(), "application/json")
                : Error(404, "resource_missing", $"No such checkout.session: '{id}'");
        }
    }

    /// <summary>Like Stripe: only an open session can be expired.</summary>
    private async Task<IResult> ExpireSessionAsync(HttpContext context, string id)
    {
        Record(context, context.Request.HasFormContentType ? await context.Request.ReadFormAsync() : null);
        lock (_gate)
        {
            if (!_sessions.TryGetValue(id, out var session))
            {
                return Error(404, "resource_missing", $"No such checkout.session: '{id}'");
            }

            if (session["status"]!.GetValue<string>() != "open")
            {
                return Error(400, "checkout_session_not_open", "Only open sessions can be expired.");
            }

            session["status"] = "expired";
            return Results.Content(session.ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> CreateRefundAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        Record(context, form);
        if (await OutageAsync() is { } down)
        {
            return down;
        }

        return Idempotent(context, () => new JsonObject
        {
            ["id"] = $"re_{Random()}",
            ["object"] = "refund",
            ["amount"] = long.Parse(form["amount"]!, CultureInfo.InvariantCulture),
            ["currency"] = "usd",
            ["payment_intent"] = form["payment_intent"].ToString(),
            ["status"] = RefundStatus,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        }.ToJsonString());
    }

    private async Task<IResult> GetAsync(HttpContext context, ConcurrentDictionary<string, JsonObject> store, string kind, string id)
    {
        Record(context, null);
        if (await OutageAsync() is { } down)
        {
            return down;
        }

        lock (_gate)
        {
            return store.TryGetValue(id, out var found)
                ? Results.Content(found.ToJsonString(), "application/json")
                : Error(404, "resource_missing", $"No such {kind}: '{id}'");
        }
    }

    /// <summary>Automatic renewal off and on (<c>cancel_at_period_end</c>), and a new price for the item.</summary>
    private async Task<IResult> UpdateSubscriptionAsync(HttpContext context, string id)
    {
        var form = await context.Request.ReadFormAsync();
        Record(context, form);
        if (await OutageAsync() is { } down)
        {
            return down;
        }

        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(id, out var subscription))
            {
                return Error(404, "resource_missing", $"No such subscription: '{id}'");
            }

            if (subscription["status"]!.GetValue<string>() == "canceled")
            {
                return Error(400, "resource_missing", "A canceled subscription can only update its cancellation_details and metadata.");
            }

            if (form.TryGetValue("cancel_at_period_end", out var cancel))
            {
                subscription["cancel_at_period_end"] = bool.Parse(cancel.ToString());
            }

            // A new price for the item (no proration, as the site asks): what the next invoice charges.
            if (form.TryGetValue("items[0][price_data][unit_amount]", out var unitAmount))
            {
                var item = subscription["items"]!["data"]![0]!;
                if (form["items[0][id]"].ToString() != item["id"]!.GetValue<string>() || form["items[0][price_data][product]"].ToString() != item["price"]!["product"]!.GetValue<string>())
                {
                    return Error(400, "resource_missing", "No such subscription item or product");
                }

                item["price"] = new JsonObject
                {
                    ["id"] = $"price_{Random()}",
                    ["object"] = "price",
                    ["unit_amount"] = long.Parse(unitAmount!, CultureInfo.InvariantCulture),
                    ["currency"] = form["items[0][price_data][currency]"].ToString(),
                    ["product"] = form["items[0][price_data][product]"].ToString(),
                    ["recurring"] = new JsonObject { ["interval"] = form["items[0][price_data][recurring][interval]"].ToString(), ["interval_count"] = 1 },
                };
            }

            return Results.Content(subscription.ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> CancelSubscriptionAsync(HttpContext context, string id)
    {
        Record(context, null);
        if (await OutageAsync() is { } down)
        {
            return down;
        }

        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(id, out var subscription))
            {
                return Error(404, "resource_missing", $"No such subscription: '{id}'");
            }

            subscription["status"] = "canceled";
            subscription["canceled_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            subscription["ended_at"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return Results.Content(subscription.ToJsonString(), "application/json");
        }
    }

    private async Task<IResult> CreatePortalSessionAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        Record(context, form);
        if (await OutageAsync() is { } down)
        {
            return down;
        }

        var id = $"bps_{Random()}";
        return Results.Content(new JsonObject
        {
            ["id"] = id,
            ["object"] = "billing_portal.session",
            ["customer"] = form["customer"].ToString(),
            ["return_url"] = form["return_url"].ToString(),
            ["url"] = new Uri(BaseAddress, $"portal/{id}").AbsoluteUri,
            ["livemode"] = false,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        }.ToJsonString(), "application/json");
    }

    /// <summary>An invoice as API versions since 2025-03-31 shape it: its subscription under <c>parent</c>, its period on its line.</summary>
    private JsonObject NewInvoice(string subscriptionId, string customer, long amount, DateTimeOffset start, DateTimeOffset end, bool paid, string reason, JsonObject metadata)
    {
        var id = $"in_{Random()}";
        var invoice = new JsonObject
        {
            ["id"] = id,
            ["object"] = "invoice",
            ["status"] = paid ? "paid" : "open",
            ["customer"] = customer,
            ["currency"] = "usd",
            ["amount_due"] = amount,
            ["amount_paid"] = paid ? amount : 0,
            ["billing_reason"] = reason,
            ["hosted_invoice_url"] = new Uri(BaseAddress, $"invoice/{id}").AbsoluteUri,
            ["created"] = start.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["status_transitions"] = new JsonObject { ["paid_at"] = paid ? start.ToUnixTimeSeconds() : null },
            ["payments"] = Payments(id, paid && amount > 0 ? amount : null),
            ["parent"] = new JsonObject
            {
                ["type"] = "subscription_details",
                ["subscription_details"] = new JsonObject { ["subscription"] = subscriptionId, ["metadata"] = metadata.DeepClone() },
            },
            ["lines"] = new JsonObject
            {
                ["object"] = "list",
                ["has_more"] = false,
                ["data"] = new JsonArray(new JsonObject
                {
                    ["id"] = $"il_{Random()}",
                    ["object"] = "line_item",
                    ["amount"] = amount,
                    ["currency"] = "usd",
                    ["period"] = new JsonObject { ["start"] = start.ToUnixTimeSeconds(), ["end"] = end.ToUnixTimeSeconds() },
                }),
            },
        };
        _invoices[id] = invoice;
        return invoice;
    }

    /// <summary>An invoice's payments list (expanded): one paid payment by a payment intent, or none.</summary>
    private static JsonObject Payments(string invoiceId, long? amount) => new()
    {
        ["object"] = "list",
        ["has_more"] = false,
        ["data"] = amount is null ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["id"] = $"inpay_{Random()}",
            ["object"] = "invoice_payment",
            ["invoice"] = invoiceId,
            ["amount_paid"] = amount,
            ["currency"] = "usd",
            ["status"] = "paid",
            ["is_default"] = true,
            ["payment"] = new JsonObject { ["type"] = "payment_intent", ["payment_intent"] = $"pi_{Random()}" },
        }),
    };

    /// <summary>Stripe replays the first answer for a repeated idempotency key.</summary>
    private IResult Idempotent(HttpContext context, Func<string> create)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (string.IsNullOrEmpty(key))
        {
            return Results.Content(create(), "application/json");
        }

        var (status, body) = _idempotent.GetOrAdd($"{context.Request.Path}|{key}", _ => (200, create()));
        context.Response.Headers["Idempotent-Replayed"] = "true";
        return Results.Content(body, "application/json", statusCode: status);
    }

    private async Task<IResult?> OutageAsync()
    {
        if (Outage is not { } delay)
        {
            return null;
        }

        await Task.Delay(delay);
        return Error(500, "api_error", "Stripe stand-in: outage");
    }

    private void Record(HttpContext context, IFormCollection? form) =>
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "",
            context.Request.Headers["Idempotency-Key"].ToString(),
            form?.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal) ?? []));

    private static IResult Error(int status, string code, string message) =>
        Results.Content(new JsonObject { ["error"] = new JsonObject { ["type"] = status >= 500 ? "api_error" : "invalid_request_error", ["code"] = code, ["message"] = message } }.ToJsonString(),
            "application/json", statusCode: status);

    private static JsonObject Address() => new()
    {
        ["line1"] = "1 Clinic Way",
        ["line2"] = null,
        ["city"] = "Portland",
        ["state"] = "OR",
        ["postal_code"] = "97201",
        ["country"] = "US",
    };

    private static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}

public sealed record RecordedRequest(string Method, string Path, string IdempotencyKey, IReadOnlyDictionary<string, string> Form);
