using Stripe;
using Stripe.Checkout;

namespace AmericanBalintSociety.Web.Features.Membership.Dues;

/// <summary>
/// What Stripe says about a membership at one moment, whoever brought it (a webhook, the welcome page, the
/// reconciliation): the Checkout Session of a join, the subscription as it is now, and an invoice (the latest, or the one
/// an event is about). Any part may be missing.
/// </summary>
public sealed record DuesNews(Session? Session, Subscription? Subscription, Invoice? Invoice)
{
    /// <summary>The key by which every membership object at Stripe names its membership (session, subscription and its invoices).</summary>
    public const string MembershipKey = "membership_id";

    /// <summary>The key naming the level chosen at join (the session's and subscription's metadata).</summary>
    public const string LevelKey = "level_id";

    /// <summary>The subscription an invoice bills (API versions since 2025-03-31 put it under <c>parent</c>).</summary>
    public static string? SubscriptionOf(Invoice invoice) => invoice?.Parent?.SubscriptionDetails?.SubscriptionId;

    /// <summary>The membership id a Stripe object's metadata names, if any.</summary>
    public static int? MembershipIdIn(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(MembershipKey, out var value)
        && int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}
