using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Stripe;

namespace AmericanBalintSociety.Web.Features.Shop;

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

    /// <summary>How old a webhook's signature timestamp may be.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);
}

/// <summary>Settings under <c>Shop</c>.</summary>
public sealed class ShopOptions
{
    public const string SectionName = "Shop";

    /// <summary>Countries a paperback can be shipped to (ISO 3166-1 alpha-2), offered by Stripe Checkout.</summary>
    [MinLength(1)]
    public List<string> ShippingCountries { get; set; } = ["US"];

    /// <summary>The shipping rates a buyer of a paperback chooses from.</summary>
    [MinLength(1)]
    [ValidateEnumeratedItems]
    public List<ShippingRate> ShippingRates { get; set; } = [];

    /// <summary>A visitor's cart is deleted this long after its last change.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan CartLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a Stripe Checkout page stays open (Stripe allows 30 minutes to 24 hours).</summary>
    [Range(typeof(TimeSpan), "00:30:00", "1.00:00:00")]
    public TimeSpan CheckoutLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>An order still open this long after checkout is looked up at Stripe by the reconciliation.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the reconciliation runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Run the reconciliation (and cart clean-up) in this process.</summary>
    public bool ReconcileEnabled { get; set; } = true;

    /// <summary>Where attached ebook files are kept (outside wwwroot; back it up).</summary>
    [Required]
    public string EbookDirectory { get; set; } = "App_Data/ebooks";

    /// <summary>The largest ebook file staff can attach.</summary>
    [Range(1, 500L * 1024 * 1024)]
    public long MaxEbookBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>How long a download link works, and how many downloads it allows.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00")]
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromDays(7);

    [Range(1, 100)]
    public int DownloadsPerLink { get; set; } = 5;

    /// <summary>Most copies of a paperback in one cart line.</summary>
    public const int MaxQuantity = 20;
}

/// <summary>A fixed shipping rate offered at checkout.</summary>
public sealed class ShippingRate
{
    [Required, StringLength(100)]
    public string Name { get; set; } = "";

    [Range(0, 100_000)]
    public long AmountCents { get; set; }

    [Range(1, 60)]
    public int MinBusinessDays { get; set; } = 3;

    [Range(1, 60)]
    public int MaxBusinessDays { get; set; } = 7;
}

[OptionsValidator]
public sealed partial class ShopOptionsValidator : IValidateOptions<ShopOptions>;

[OptionsValidator]
public sealed partial class StripeOptionsValidator : IValidateOptions<StripeOptions>;

/// <summary>
/// The one <see cref="IStripeClient"/> of the site, made from <see cref="StripeOptions"/>: the real Stripe.net client,
/// pointed at <see cref="StripeOptions.ApiBase"/> when set. Null when no secret key is configured.
/// </summary>
public sealed class StripeGateway
{
    public StripeGateway(IOptions<StripeOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            return;
        }

        var http = new SystemNetHttpClient(new HttpClient { Timeout = settings.Timeout }, maxNetworkRetries: 2);
        Client = new StripeClient(settings.SecretKey, httpClient: http,
            apiBase: string.IsNullOrWhiteSpace(settings.ApiBase) ? null : settings.ApiBase.TrimEnd('/'));
    }

    public IStripeClient? Client { get; }

    /// <summary>Why ordering is off, for the cart page and the admin dashboard; null when it is on.</summary>
    public static string? Unavailable(StripeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.IsConfigured ? null : "Stripe:SecretKey is not set, so the shop cannot take payments.";
    }
}
