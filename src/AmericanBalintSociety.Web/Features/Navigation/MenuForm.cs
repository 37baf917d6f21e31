namespace AmericanBalintSociety.Web.Features.Navigation;

/// <summary>The menu editor: one row for every section and page the menu can lead to, shown or not.</summary>
public sealed class MenuForm
{
    public List<MenuRow> Rows { get; set; } = [];
}
