using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shop;

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

[OptionsValidator]
public sealed partial class ShopOptionsValidator : IValidateOptions<ShopOptions>;
