using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.Shop.Catalog;

/// <summary>What the catalogue form posts for the book.</summary>
public sealed class BookForm
{
    public int Id { get; set; }

    [Required(ErrorMessage = "Enter the title."), StringLength(300, ErrorMessage = "The title can be at most {1} characters long.")]
    public string Title { get; set; } = "";

    [Required(ErrorMessage = "Enter at least one author."), StringLength(1000)]
    [Display(Name = "Authors (one per line)")]
    public string Authors { get; set; } = "";

    [StringLength(20_000, ErrorMessage = "The description can be at most {1} characters long.")]
    [Display(Name = "Description (Markdown)")]
    public string? Description { get; set; }

    /// <summary>The book's last change (UTC ticks) when the form was opened: an edit made meanwhile is not overwritten.</summary>
    public long Version { get; set; }
}
