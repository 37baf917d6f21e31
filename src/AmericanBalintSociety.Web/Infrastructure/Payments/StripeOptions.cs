using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Infrastructure.Payments;

/// <summary>Settings under <c>Stripe</c>. The keys are secrets: user-secrets or the environment, never a file in the repository.</summary>
public sealed class StripeOptions
{
    public const string SectionName = "Stripe";

    /// <summary><c>sk_live_…</c> / <c>sk_test_…</c>. Without it the shop shows the book and the cart but takes no orders.</summary>
    public string? SecretKey { get; set; }

    public string? PublishableKey { get; set; }

    /// <summary><c>whsec_…</c>: verifies that webhook calls come from Stripe.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>A Stripe-compatible server to talk to instead of api.stripe.com (the tests' stand-in). Empty for Stripe.</summary>
    public string? ApiBase { get; set; }

    /// <summary>How long one call to Stripe may take before the buyer is told to try again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a whole call may take, its retries included (Stripe.net retries twice): under a reverse proxy's usual
    /// 60 s, so a buyer waiting on a hung Stripe gets the site's own page, not the proxy's error.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How old a webhook's signature timestamp may be.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}

[OptionsValidator]
public sealed partial class StripeOptionsValidator : IValidateOptions<StripeOptions>;
