using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// Ties a form field to its validation message for screen readers: a field with an error gets
/// <c>aria-invalid="true"</c> and <c>aria-describedby</c> pointing at the message, which gets a matching id.
/// Fields that set these attributes themselves are left alone.
/// </summary>
[HtmlTargetElement("input", Attributes = ForAttribute)]
[HtmlTargetElement("select", Attributes = ForAttribute)]
[HtmlTargetElement("textarea", Attributes = ForAttribute)]
public sealed class AccessibleFieldTagHelper : TagHelper
{
    private const string ForAttribute = "asp-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = default!;

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = default!;

    // After the framework's tag helpers, which write id and name.
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name);
        if (!ViewContext.ViewData.ModelState.TryGetValue(name, out var entry) || entry.Errors.Count == 0
            || output.Attributes.ContainsName("aria-invalid"))
        {
            return;
        }

        output.Attributes.SetAttribute("aria-invalid", "true");
        var errorId = ErrorId(name);
        var describedBy = output.Attributes.TryGetAttribute("aria-describedby", out var existing) ? $"{existing.Value} {errorId}" : errorId;
        output.Attributes.SetAttribute("aria-describedby", describedBy);
    }

    internal static string ErrorId(string fullName) => TagBuilder.CreateSanitizedId(fullName, "_") + "-error";
}
