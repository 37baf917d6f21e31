namespace AmericanBalintSociety.Web.Features.News;

/// <summary>
/// What <c>_CoverPicture</c> draws: a stored cover with its description, the CSS class, the <c>sizes</c> it is shown at,
/// and whether it may load lazily (below the fold).
/// </summary>
public sealed record CoverPicture(string Name, string? Alt, string CssClass = "cover", string Sizes = "(min-width: 48rem) 44rem, 100vw", bool Lazy = false);
