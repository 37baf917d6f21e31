using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// Binds a yes/no field (a checkbox). A value that is not "true" or "false" (a crafted post) becomes a validation
/// error, and the field is shown again as unticked: MVC's own binder kept the bad value, which the checkbox tag helper
/// then failed to read while showing the form again, answering a 500.
/// </summary>
public sealed class OnOffModelBinder : IModelBinder
{
    public const string Message = "This choice can only be ticked or not.";

    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        ArgumentNullException.ThrowIfNull(bindingContext);
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value == ValueProviderResult.None)
        {
            return Task.CompletedTask;
        }

        // A ticked checkbox posts "true" and its hidden companion "false"; the first value is the answer.
        if (bool.TryParse(value.FirstValue, out var on))
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
            bindingContext.Result = ModelBindingResult.Success(on);
            return Task.CompletedTask;
        }

        bindingContext.ModelState.SetModelValue(bindingContext.ModelName, new ValueProviderResult("false"));
        bindingContext.ModelState.TryAddModelError(bindingContext.ModelName, Message);
        bindingContext.Result = ModelBindingResult.Failed();
        return Task.CompletedTask;
    }
}
