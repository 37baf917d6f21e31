using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>What the compose form posts.</summary>
public sealed class NewsletterForm
{
    [StringLength(200, ErrorMessage = "The subject can be at most {1} characters long.")]
    [Display(Name = "Subject")]
    public string? Subject { get; set; }

    [Display(Name = "Article to send")]
    public int? ArticleId { get; set; }

    [StringLength(100_000, ErrorMessage = "The message can be at most {1} characters long.")]
    [Display(Name = "Or write a message (Markdown)")]
    public string? BodyMarkdown { get; set; }

    /// <summary>The version of the draft being edited (0 for a new one).</summary>
    public int Version { get; set; }
}
