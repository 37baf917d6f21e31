using System.ComponentModel.DataAnnotations;

namespace AmericanBalintSociety.Web.Features.Shop;

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
