namespace AmericanBalintSociety.Web.Features.Shop.Orders;

/// <summary>Where an order is. <see cref="OrderTransitions"/> says which moves are allowed: an order never moves backwards.</summary>
public enum OrderStatus
{
    /// <summary>Created at checkout; the buyer is at Stripe (or left).</summary>
    Pending,

    /// <summary>Checkout completed with a payment that is still clearing (e.g. a bank debit).</summary>
    PaymentProcessing,

    /// <summary>Paid, fulfilment waits for staff (an amount that differs from the order, or too few copies in stock).</summary>
    OnHold,

    /// <summary>Paid; the paperback waits for staff to ship it.</summary>
    ToShip,

    /// <summary>Paid and shipped.</summary>
    Shipped,

    /// <summary>Paid and delivered (ebook only).</summary>
    Completed,

    /// <summary>Part of the payment was refunded; ebook downloads are revoked.</summary>
    PartiallyRefunded,

    /// <summary>The whole payment was refunded; ebook downloads are revoked.</summary>
    Refunded,

    /// <summary>Never paid: checkout expired or the payment failed.</summary>
    Cancelled,
}
