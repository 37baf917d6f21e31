namespace AmericanBalintSociety.Web.Features.Navigation;

/// <summary>A part of the site the menu can lead to besides the pages: its key (stored), address and usual label.</summary>
public sealed record BuiltInSection(string Key, string Path, string DefaultLabel)
{
    /// <summary>The cart's entry shows how many items the cart holds.</summary>
    public bool IsCart => Key == BuiltInSections.Cart.Key;
}
