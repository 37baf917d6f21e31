using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Errors;

public sealed record ErrorViewModel(int StatusCode, string Title, string Message);

/// <summary>
/// Error pages in the site's layout. Re-executed by the exception handler (500) and the status-code
/// pages middleware (404, 403, 429 …) for whatever method the failed request used.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    /// <summary>
    /// An exception: a 500, unless it was the request's fault (<see cref="RequestFaults"/>: a body over the endpoint's
    /// size limit is a 413, a malformed request or form a 400), which is the client's doing and says so.
    /// </summary>
    [Route("/error")]
    public IActionResult ServerError() =>
        Show(RequestFaults.StatusOf(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error) ?? StatusCodes.Status500InternalServerError);

    [Route("/error/{statusCode:int}")]
    public IActionResult Status(int statusCode) => Show(statusCode is >= 400 and <= 599 ? statusCode : StatusCodes.Status404NotFound);

    private ViewResult Show(int statusCode)
    {
        Response.StatusCode = statusCode;
        var model = statusCode switch
        {
            404 => new ErrorViewModel(404, "Page not found",
                "We could not find the page you asked for. It may have moved, or the address may be mistyped."),
            403 => new ErrorViewModel(403, "Not allowed",
                "Your account does not have access to this page."),
            429 => new ErrorViewModel(429, "Too many requests",
                "You have sent this form several times in a short while. Please wait a minute and try again."),
            400 => new ErrorViewModel(400, "Something was wrong with that request",
                "Please go back, reload the page and try again."),
            413 => new ErrorViewModel(413, "That was too large",
                "What you sent is larger than the site accepts here. Please send something smaller."),
            >= 500 => new ErrorViewModel(statusCode, "Something went wrong",
                "Sorry, the site could not complete your request. Please try again in a few minutes. Nothing you entered has been charged or sent twice."),
            _ => new ErrorViewModel(statusCode, "Something went wrong", "The site could not complete your request."),
        };
        return View("Error", model);
    }
}
