namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>What a Stripe event came to.</summary>
public enum StripeEventOutcome
{
    /// <summary>It changed something (or confirmed what was already so) and is recorded as handled.</summary>
    Applied,

    /// <summary>Its id was handled before: no effect.</summary>
    Duplicate,

    /// <summary>No feature acts on it (a type the site does not use): recorded, no effect.</summary>
    Ignored,

    /// <summary>
    /// It names something this site does not know (yet): not recorded, so a redelivery can still match (an order whose
    /// session id was not saved before a crash is found by its reference on the next try).
    /// </summary>
    Unmatched,

    /// <summary>
    /// Applying it needs Stripe's current word, and Stripe could not be asked: not recorded, and the webhook answers 503
    /// so Stripe delivers it again (it retries for up to three days).
    /// </summary>
    Retry,
}
