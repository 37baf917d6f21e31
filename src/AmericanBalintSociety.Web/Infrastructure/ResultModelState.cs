using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>Puts a refused <see cref="Result"/>'s errors into <c>ModelState</c>, each beside its field.</summary>
public static class ResultModelState
{
    /// <param name="modelState">The page's or controller's model state.</param>
    /// <param name="result">A refused result; a successful one adds nothing.</param>
    /// <param name="prefix">The form model's prefix (e.g. "Input" for Razor Pages' <c>Input.Email</c>); "" for none.</param>
    public static void AddErrors(this ModelStateDictionary modelState, Result result, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(result);
        foreach (var error in result.Errors)
        {
            var key = error.Field.Length == 0 || prefix.Length == 0 ? error.Field : $"{prefix}.{error.Field}";
            modelState.AddModelError(key, error.Message);
        }
    }
}
