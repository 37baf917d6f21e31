using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>A view served from its shell (<see cref="PageShells.Serve"/>).</summary>
public sealed class PageShellResult : IActionResult
{
    private readonly PageShells _shells;
    private readonly object _source;
    private readonly string _variant;
    private readonly ViewResult _view; // the page the shell is made from, and served as it is when a shell does not fit

    internal PageShellResult(PageShells shells, object source, string variant, ViewResult view)
    {
        _shells = shells;
        _source = source;
        _variant = variant;
        _view = view;
    }

    public Task ExecuteResultAsync(ActionContext context) => _shells.ExecuteAsync(context, _source, _variant, _view);
}
