namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>What a call to Stripe came to: its answer, or why there is none.</summary>
public sealed class StripeResult<T>
{
    private StripeResult(T? value, StripeFailure? failure)
    {
        Value = value;
        Failure = failure;
    }

    /// <summary>Stripe's answer; set when <see cref="Succeeded"/>.</summary>
    public T? Value { get; }

    /// <summary>Why the call failed; null when it worked.</summary>
    public StripeFailure? Failure { get; }

    public bool Succeeded => Failure is null;

    internal static StripeResult<T> Of(T value) => new(value, null);

    internal static StripeResult<T> Failed(StripeFailureKind kind, string message, Exception? exception = null) =>
        new(default, new StripeFailure(kind, message, exception));
}

/// <summary>Why a call to Stripe failed, for the log (<see cref="Exception"/>) and for staff (<see cref="Message"/>).</summary>
/// <param name="Kind">What kind of failure it was, for the caller to decide what to do.</param>
/// <param name="Message">Stripe's own message, or "no answer".</param>
/// <param name="Exception">The exception behind it, to log.</param>
public sealed record StripeFailure(StripeFailureKind Kind, string Message, Exception? Exception);

public enum StripeFailureKind
{
    /// <summary>No Stripe key (or webhook secret) is configured.</summary>
    NotConfigured,

    /// <summary>Stripe has no such object (e.g. a session made with other keys).</summary>
    NotFound,

    /// <summary>Stripe answered with an error (a refused card, an invalid request, a bad webhook signature).</summary>
    Refused,

    /// <summary>Stripe did not answer in time, or could not be reached.</summary>
    Unreachable,
}

/// <summary>What Stripe says about a subscription at one moment: the subscription and an invoice of it, either missing.</summary>
public sealed record SubscriptionNews(Stripe.Subscription? Subscription, Stripe.Invoice? Invoice);
