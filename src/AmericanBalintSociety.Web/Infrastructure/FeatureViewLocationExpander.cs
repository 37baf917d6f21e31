using Microsoft.AspNetCore.Mvc.Razor;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// Views live beside their controllers in <c>Features/{Feature}/</c>; shared views in <c>Features/Shared/</c>.
/// A controller's feature is the last segment of its namespace (…Features.News → News;
/// …Features.Admin.Content → Admin/Content).
/// </summary>
public sealed class FeatureViewLocationExpander : IViewLocationExpander
{
    private const string FeatureKey = "feature";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ActionContext.ActionDescriptor is Microsoft.AspNetCore.Mvc.Controllers.ControllerActionDescriptor action)
        {
            var ns = action.ControllerTypeInfo.Namespace ?? "";
            const string marker = ".Features.";
            var index = ns.IndexOf(marker, StringComparison.Ordinal);
            context.Values[FeatureKey] = index < 0 ? null : ns[(index + marker.Length)..].Replace('.', '/');
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Values.TryGetValue(FeatureKey, out var feature) && !string.IsNullOrEmpty(feature))
        {
            yield return $"/Features/{feature}/{{0}}.cshtml";
        }

        yield return "/Features/Shared/{0}.cshtml";
        foreach (var location in viewLocations)
        {
            yield return location;
        }
    }
}
