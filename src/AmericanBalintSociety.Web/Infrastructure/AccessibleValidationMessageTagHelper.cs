using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Gives a validation message the id its field's <c>aria-describedby</c> points at.</summary>
[HtmlTargetElement("span", Attributes = ForAttribute)]
public sealed class AccessibleValidationMessageTagHelper : TagHelper
{
    private const string ForAttribute = "asp-validation-for";

    [HtmlAttributeName(ForAttribute)]
    public ModelExpression For { get; set; } = default!;

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = default!;

    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.Attributes.ContainsName("id"))
        {
            output.Attributes.SetAttribute("id", AccessibleFieldTagHelper.ErrorId(ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(For.Name)));
        }
    }
}
