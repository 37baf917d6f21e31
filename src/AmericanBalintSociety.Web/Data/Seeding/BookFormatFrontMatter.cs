namespace AmericanBalintSociety.Web.Data.Seeding;

public sealed class BookFormatFrontMatter
{
    public string? Format { get; set; }

    public string? Sku { get; set; }

    public decimal PriceUsd { get; set; }

    public bool Physical { get; set; }
}
