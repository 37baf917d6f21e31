namespace AmericanBalintSociety.Web.Data.Seeding;

public sealed class BookFormatFrontMatter
{
    public string? Format { get; set; }

    public string? Sku { get; set; }

    public decimal PriceUsd { get; set; }

    public bool Physical { get; set; }

    /// <summary>Copies on hand; null (the default) means not counted, so the format can be ordered until staff count.</summary>
    public int? Stock { get; set; }
}
