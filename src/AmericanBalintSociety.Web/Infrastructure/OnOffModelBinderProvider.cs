using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Uses <see cref="OnOffModelBinder"/> for every <see cref="bool"/> a form binds.</summary>
public sealed class OnOffModelBinderProvider : IModelBinderProvider
{
    private static readonly OnOffModelBinder Binder = new();

    public IModelBinder? GetBinder(ModelBinderProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Metadata.ModelType == typeof(bool) ? Binder : null;
    }
}
