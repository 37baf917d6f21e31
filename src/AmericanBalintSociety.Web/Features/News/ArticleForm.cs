using System.ComponentModel.DataAnnotations;
using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.Web.Features.News;

/// <summary>What the article editor posts (and what the import builds from a file).</summary>
public sealed class ArticleForm
{
    public int? Id { get; set; }

    /// <summary>Set by the editor's controller (news or pages) or the import, never by what the browser posts.</summary>
    [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
    public ArticleKind Kind { get; set; }

    /// <summary>The version the editor started from; a save over a newer version is refused.</summary>
    public int Version { get; set; }

    [Required(ErrorMessage = "Give it a title.")]
    [StringLength(Article.TitleMaxLength, ErrorMessage = "The title can be at most {1} characters.")]
    public string Title { get; set; } = "";

    [Display(Name = "Address (slug)")]
    [StringLength(Article.SlugMaxLength, ErrorMessage = "The address can be at most {1} characters.")]
    [RegularExpression(Slugs.Pattern, ErrorMessage = "Use lower-case letters, digits and single hyphens only, e.g. spring-meeting-2027.")]
    public string? Slug { get; set; }

    [StringLength(Article.SummaryMaxLength, ErrorMessage = "The summary can be at most {1} characters.")]
    public string? Summary { get; set; }

    [StringLength(500, ErrorMessage = "The tags can be at most {1} characters in all.")]
    public string? Tags { get; set; }

    [Display(Name = "Body (Markdown)")]
    [Required(ErrorMessage = "Write the text.")]
    [StringLength(200_000, ErrorMessage = "The text can be at most {1} characters.")]
    public string BodyMarkdown { get; set; } = "";

    /// <summary>Publication time as the society's wall clock (a datetime-local field).</summary>
    [Display(Name = "Publication time")]
    public DateTime? PublishAt { get; set; }

    /// <summary>The stored cover image's name (kept across a failed save so an upload is not lost).</summary>
    public string? CoverImage { get; set; }

    [Display(Name = "Cover image description")]
    [StringLength(300, ErrorMessage = "The description can be at most {1} characters.")]
    public string? CoverImageAlt { get; set; }

    public bool RemoveCover { get; set; }

    [Display(Name = "Members only")]
    public bool MembersOnly { get; set; }
}

/// <summary>What the save should do with the article's publication.</summary>
public enum ArticleSaveAction
{
    /// <summary>Save as a draft (not public).</summary>
    SaveDraft,

    /// <summary>Make it public now (an article already public keeps its date).</summary>
    PublishNow,

    /// <summary>Make it public at <see cref="ArticleForm.PublishAt"/>, which must be in the future.</summary>
    Schedule,

    /// <summary>Save the content and keep the article's publication as it is.</summary>
    Update,

    /// <summary>Take it off the site (back to a draft).</summary>
    Unpublish,

    /// <summary>Import only: public from <see cref="ArticleForm.PublishAt"/> (taken as UTC), past or future.</summary>
    PublishAtGivenTime,
}
