using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Infrastructure.Payments;
using Microsoft.Extensions.DependencyInjection;
using Stripe.Checkout;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// The calls membership dues will make (ADR 0015), through the site's real Stripe.net client to the stand-in: the
/// stand-in's subscriptions, invoices and portal sessions must read as Stripe's do in the pinned API version (billing
/// periods on subscription items, an invoice's subscription under <c>parent</c>), or the membership code would be
/// tested against a Stripe that does not exist.
/// </summary>
public sealed class StripeSubscriptionGatewayTests : IAsyncLifetime
{
    private StripeStandIn _stripe = null!;
    private TestSite _site = null!;

    public async Task InitializeAsync()
    {
        _stripe = await StripeStandIn.StartAsync();
        _site = new TestSite();
        _stripe.Configure(_site);
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _stripe.DisposeAsync();
    }

    [Fact]
    public async Task ASubscriptionCheckout_ItsSubscriptionAndInvoices_RenewalOffAndOn_ThePortal_AndCancelling_ReadAsStripes()
    {
        var gateway = _site.Services.GetRequiredService<StripeGateway>();
        var started = await gateway.CreateCheckoutSessionAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            ClientReferenceId = "7",
            CustomerEmail = "member@example.org",
            SuccessUrl = "https://localhost/membership/welcome?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = "https://localhost/membership",
            LineItems =
            [
                new SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new SessionLineItemPriceDataOptions
                    {
                        Currency = "usd",
                        UnitAmount = 12000,
                        Recurring = new SessionLineItemPriceDataRecurringOptions { Interval = "year" },
                        ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Membership: Member" },
                    },
                },
            ],
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new Dictionary<string, string> { ["membership_id"] = "7" } },
        }, "membership-7-test", CancellationToken.None);
        Assert.True(started.Succeeded, started.Failure?.Message);
        Assert.Equal("year", Assert.Single(_stripe.Session(started.Value!.Id)["line_items_for_tests"]!.AsArray())!["recurring_interval"]!.GetValue<string>());

        var periodStart = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        _stripe.CompleteSubscription(started.Value.Id, periodStart);
        var session = (await gateway.GetCheckoutSessionAsync(started.Value.Id, CancellationToken.None)).Value!;
        Assert.Equal(("complete", "paid"), (session.Status, session.PaymentStatus));
        Assert.StartsWith("cus_", session.CustomerId, StringComparison.Ordinal);

        var subscription = (await gateway.GetSubscriptionAsync(session.SubscriptionId, CancellationToken.None)).Value!;
        Assert.Equal("active", subscription.Status);
        Assert.Equal("7", subscription.Metadata["membership_id"]);
        Assert.Equal(periodStart.AddYears(1), Assert.Single(subscription.Items.Data).CurrentPeriodEnd);
        var first = (await gateway.GetInvoiceAsync(subscription.LatestInvoiceId, CancellationToken.None)).Value!;
        Assert.Equal(("paid", 12000L), (first.Status, first.AmountPaid));
        Assert.Equal(subscription.Id, first.Parent.SubscriptionDetails.SubscriptionId);
        Assert.Equal(periodStart.AddYears(1), Assert.Single(first.Lines.Data).Period.End);
        Assert.NotNull(first.HostedInvoiceUrl);

        var off = await gateway.SetRenewalAsync(subscription.Id, renew: false, "renewal-off-1", CancellationToken.None);
        Assert.True(off.Value!.CancelAtPeriodEnd);
        var on = await gateway.SetRenewalAsync(subscription.Id, renew: true, "renewal-on-1", CancellationToken.None);
        Assert.False(on.Value!.CancelAtPeriodEnd);

        var renewal = _stripe.Renew(subscription.Id);
        var second = (await gateway.GetInvoiceAsync(renewal["id"]!.GetValue<string>(), CancellationToken.None)).Value!;
        Assert.Equal(periodStart.AddYears(2), Assert.Single(second.Lines.Data).Period.End);
        Assert.Equal(periodStart.AddYears(2), Assert.Single((await gateway.GetSubscriptionAsync(subscription.Id, CancellationToken.None)).Value!.Items.Data).CurrentPeriodEnd);

        var portal = await gateway.CreateBillingPortalSessionAsync(session.CustomerId, "https://localhost/Identity/Account/Manage/Membership", CancellationToken.None);
        Assert.StartsWith(_stripe.BaseAddress.AbsoluteUri, portal.Value!.Url, StringComparison.Ordinal);

        var cancelled = await gateway.CancelSubscriptionAsync(subscription.Id, CancellationToken.None);
        Assert.Equal("canceled", cancelled.Value!.Status);
        var missing = await gateway.GetSubscriptionAsync("sub_nonexistent", CancellationToken.None);
        Assert.Equal(StripeFailureKind.NotFound, missing.Failure!.Kind);
    }
}
