using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>
/// Pages that every signed-in reader sees alike but for the header's account links (an article for members): each is
/// rendered once per version of its data with a hole where those links go, kept as UTF-8, and then served by writing
/// the shell around the reader's own links, without running MVC's views again (ADR 0020). The output cache cannot do
/// this: it keeps whole responses, and a signed-in reader's differs from the next one's by their name.
/// <para>
/// A shell is kept with the object its page was made from (the article from the news' data cache) in a
/// <see cref="ConditionalWeakTable{TKey,TValue}"/>: when a change empties that cache the next request brings a new
/// object and a new shell, and the old one goes with the old object. There is no second cache to empty.
/// </para>
/// Only what the layout shows of the reader is a hole; so a shell is made only for a signed-in reader with an empty
/// cart (whose header shows no count), never kept when the page holds an antiforgery token (a form is per visitor),
/// and a page that comes out any other way (not 200, no hole or two) is sent as it was rendered and not kept.
/// </summary>
public sealed class PageShells(IHeaderCartCount cartCount, IHeaderAccountLinks accountLinks, SiteUrls urls, ILogger<PageShells> logger)
{
    private const string AntiforgeryFieldName = "__RequestVerificationToken";

    // Random per process, so no text on a page (an article, a name) can contain it.
    private static readonly string HoleMarker = $"<!--account-links-{Guid.NewGuid():N}-->";
    private static readonly byte[] HoleBytes = Encoding.UTF8.GetBytes(HoleMarker);
    private static readonly byte[] AntiforgeryBytes = Encoding.UTF8.GetBytes(AntiforgeryFieldName);
    private static readonly object RenderingKey = new();

    private readonly ConditionalWeakTable<object, ConcurrentDictionary<ShellKey, Shell>> _shells = [];

    /// <summary>What the layout writes instead of the account links while a shell is rendered.</summary>
    public static IHtmlContent Hole { get; } = new HtmlString(HoleMarker);

    /// <summary>Whether the page being rendered is a shell (the layout then writes <see cref="Hole"/>).</summary>
    public static bool IsRendering(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items.ContainsKey(RenderingKey);
    }

    /// <summary>
    /// <paramref name="view"/>, served from its shell for <paramref name="source"/> and <paramref name="variant"/> (what
    /// else decides the page, e.g. whether the reader may read a members-only body) with the reader's account links
    /// (<see cref="IHeaderAccountLinks"/>) in the hole. The view must show nothing of the reader but those links.
    /// </summary>
    public IActionResult Serve(object source, string variant, ViewResult view)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(view);
        return new PageShellResult(this, source, variant, view);
    }

    internal async Task ExecuteAsync(ActionContext context, object source, string variant, ViewResult view)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated != true || await cartCount.CountAsync(http) > 0)
        {
            await view.ExecuteResultAsync(context);
            return;
        }

        // The year is in the footer; the base address in the canonical links (from the request, in Development).
        var key = new ShellKey(variant, DateTime.UtcNow.Year, urls.Base(http.Request));
        var shells = _shells.GetOrCreateValue(source);
        if (!shells.TryGetValue(key, out var shell))
        {
            var page = await RenderAsync(context, view);
            shell = http.Response.StatusCode == StatusCodes.Status200OK ? Shell.From(page, http.Response.ContentType) : null;
            if (shell is null)
            {
                await WriteFilledAsync(http.Response, page, accountLinks.For(http));
                return;
            }

            if (shells.TryAdd(key, shell))
            {
                logger.LogDebug("Made the page shell of {Path} ({Variant}): {Bytes} bytes", http.Request.Path, variant, shell.Before.Length + shell.After.Length);
            }
        }

        http.Response.ContentType = shell.ContentType;
        var links = Encoding.UTF8.GetBytes(accountLinks.For(http));
        http.Response.ContentLength = shell.Before.Length + links.Length + shell.After.Length;
        await http.Response.Body.WriteAsync(shell.Before, http.RequestAborted);
        await http.Response.Body.WriteAsync(links, http.RequestAborted);
        await http.Response.Body.WriteAsync(shell.After, http.RequestAborted);
    }

    private static async Task<byte[]> RenderAsync(ActionContext context, ViewResult view)
    {
        var http = context.HttpContext;
        var body = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        http.Items[RenderingKey] = true;
        try
        {
            await view.ExecuteResultAsync(context);
        }
        finally
        {
            http.Response.Body = body;
            http.Items.Remove(RenderingKey);
        }

        return buffer.ToArray();
    }

    /// <summary>A page that is not kept: sent as rendered, with the reader's links in the hole wherever there is one.</summary>
    private static async Task WriteFilledAsync(HttpResponse response, byte[] page, string links)
    {
        var filled = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(page).Replace(HoleMarker, links, StringComparison.Ordinal));
        response.ContentLength = filled.Length;
        await response.Body.WriteAsync(filled, response.HttpContext.RequestAborted);
    }

    private readonly record struct ShellKey(string Variant, int Year, Uri Base);

    private sealed record Shell(byte[] Before, byte[] After, string? ContentType)
    {
        public static Shell? From(byte[] page, string? contentType)
        {
            var span = page.AsSpan();
            var at = span.IndexOf(HoleBytes);
            if (at < 0 || span[(at + HoleBytes.Length)..].IndexOf(HoleBytes) >= 0 || span.IndexOf(AntiforgeryBytes) >= 0)
            {
                return null;
            }

            return new Shell(span[..at].ToArray(), span[(at + HoleBytes.Length)..].ToArray(), contentType);
        }
    }
}
