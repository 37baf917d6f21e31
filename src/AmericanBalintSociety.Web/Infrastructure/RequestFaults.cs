namespace AmericanBalintSociety.Web.Infrastructure;

/// <summary>
/// Exceptions that mean the request was at fault, not the site: a body over the endpoint's limit (413), a malformed
/// request or a form over its limits on values, keys or lengths (400). They get their own status and page and are not
/// logged as errors (a scanner would fill the log); anything else is a 500 and is.
/// </summary>
public static class RequestFaults
{
    /// <summary>The status for a request fault, or null when <paramref name="exception"/> is the site's own.</summary>
    public static int? StatusOf(Exception? exception) => exception switch
    {
        BadHttpRequestException refused => refused.StatusCode,
        InvalidDataException => StatusCodes.Status400BadRequest, // the form reader's limits and malformed multipart bodies
        _ => null,
    };
}
