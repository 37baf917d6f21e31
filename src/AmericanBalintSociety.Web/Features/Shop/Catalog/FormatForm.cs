using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Shop.Catalog;

/// <summary>What the catalogue form posts for one format.</summary>
public sealed class FormatForm
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Enter the price, e.g. 14.50.")]
    [Display(Name = "Price (US dollars)")]
    public string Price { get; set; } = "";

    /// <summary>Copies on hand; empty means not counted (the format can always be ordered).</summary>
    [Range(0, 1_000_000, ErrorMessage = "Stock is a whole number from {1} to {2}, or empty not to count copies.")]
    [Display(Name = "Copies in stock")]
    public int? Stock { get; set; }

    [Display(Name = "On sale")]
    public bool IsActive { get; set; }

    /// <summary>The stock shown when the page was opened: a new figure is written only over that one.</summary>
    public int? OriginalStock { get; set; }

    public int Version { get; set; }
}
