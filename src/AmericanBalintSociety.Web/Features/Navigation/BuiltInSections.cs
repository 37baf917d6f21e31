namespace AmericanBalintSociety.Web.Features.Navigation;

/// <summary>The sections of the site the menu can hold, in the order the seeded menu has them.</summary>
public static class BuiltInSections
{
    public static readonly BuiltInSection Home = new("home", "/", "Home");
    public static readonly BuiltInSection Membership = new("membership", "/membership", "Membership");
    public static readonly BuiltInSection News = new("news", "/news", "News / Articles");
    public static readonly BuiltInSection Book = new("book", "/book", "The Book");
    public static readonly BuiltInSection MailingList = new("mailing-list", "/mailing-list", "Add Me To Your Mailing List");
    public static readonly BuiltInSection Contact = new("contact", "/contact", "Contact");
    public static readonly BuiltInSection Donate = new("donate", "/donate", "Donate");
    public static readonly BuiltInSection Cart = new("cart", "/cart", "Shopping Cart");

    public static readonly IReadOnlyList<BuiltInSection> All = [Home, Membership, News, Book, MailingList, Contact, Donate, Cart];

    public static BuiltInSection? Find(string? key) => All.FirstOrDefault(s => s.Key == key);
}
