using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AmericanBalintSociety.Web.Features.Navigation;

/// <summary>One possible menu entry: where it leads (<c>section:news</c>, <c>page:12</c>), whether it shows, its label and place.</summary>
public sealed class MenuRow
{
    public string Target { get; set; } = "";

    public bool Show { get; set; }

    [StringLength(MenuItem.LabelMaxLength, ErrorMessage = "A label can be at most {1} characters.")]
    public string? Label { get; set; }

    [Range(1, 99, ErrorMessage = "Give a place from 1 to 99.")]
    public int Position { get; set; }

    /// <summary>What the row leads to, for the editor ("Page: About the society (/about)"); not posted.</summary>
    [BindNever]
    public string Describes { get; set; } = "";

    /// <summary>Why a shown row is not on the site (an unpublished page); not posted.</summary>
    [BindNever]
    public string? Note { get; set; }

    public static string ForSection(string key) => $"section:{key}";

    public static string ForPage(int id) => $"page:{id}";
}
