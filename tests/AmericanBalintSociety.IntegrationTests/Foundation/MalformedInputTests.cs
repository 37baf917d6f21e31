using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// Finds every form the site shows (to a visitor, a member and an Admin, by following the links from the home page and
/// the staff pages) and sends each one a list of malformed values in every field: none may answer 5xx or log an Error.
/// </summary>
public sealed class MalformedInputTests
{
    /// <summary>What scanners and careless clients send.</summary>
    private static readonly string[] Malformed =
    [
        "",
        new string('x', 20_000),
        "<script>alert(1)</script>\"'><img src=x onerror=alert(1)>",
        "' OR '1'='1' -- ; DROP TABLE AspNetUsers;",
        "\u0000\u0001\u001f\u007f",
        "-1",
        "99999999999999999999999999",
        "NaN",
        "1e309",
        "2026-13-45T25:61",
        "../../../../etc/passwd",
        "%00%0d%0aSet-Cookie:%20x=y",
        "מבחן 中文 🙂 \u202e",
    ];

    /// <summary>Forms that end the session the crawl relies on; they are tested elsewhere.</summary>
    private static readonly string[] Skipped = ["/Identity/Account/Logout", "/Identity/Account/Manage/Sessions", "/Identity/Account/Manage/DeletePersonalData"];

    [Fact]
    public async Task EveryForm_AnswersMalformedValues_WithoutA5xxOrAnError()
    {
        var log = new LogCapture();
        await using var site = new TestSite { TestServices = services => services.AddSingleton<ILoggerProvider>(log) };
        await site.SetStockAsync(ShopSteps.Paperback, 5);
        await site.AddArticleAsync("A first article", DateTimeOffset.UtcNow.AddDays(-1), tags: "groups");
        var visitor = site.CreateBrowserClient();
        using (await visitor.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        await site.AddMemberAsync("crawled-member@example.org"); // the member page's forms: lock, roles, resend
        await site.SubscribeAsync(site.CreateBrowserClient(), "crawled-subscriber@example.org"); // the subscriber page's
        var admin = await site.SignedInClientAsync("crawler-admin@example.org", Roles.Admin);
        using (await admin.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        var failures = new List<string>();
        var tried = 0;
        foreach (var client in new[] { visitor, admin })
        {
            foreach (var (page, form) in await FormsAsync(client, ["/", "/admin", "/Identity/Account/Manage", "/Identity/Account/Register", "/Identity/Account/ForgotPassword", "/Identity/Account/ResendEmailConfirmation", "/cart"]))
            {
                foreach (var value in Malformed)
                {
                    tried++;
                    using var response = await SendAsync(client, page, form, value);
                    if ((int)response.StatusCode >= 500)
                    {
                        failures.Add($"{form.Method} {form.Action} with '{Shorten(value)}' answered {(int)response.StatusCode}");
                    }
                }
            }
        }

        Assert.True(tried > 300, $"only {tried} posts: the crawl found too few forms");
        Assert.Empty(failures);
        Assert.Empty(log.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => $"{e.Category}: {e.Message}"));
    }

    /// <summary>Every form on the pages reachable from <paramref name="starts"/> (one per action and field set).</summary>
    private static async Task<List<(IDocument Page, IHtmlFormElement Form)>> FormsAsync(HttpClient client, string[] starts)
    {
        var queue = new Queue<string>(starts);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var forms = new Dictionary<string, (IDocument, IHtmlFormElement)>();
        while (queue.Count > 0 && seen.Count < 150)
        {
            var path = queue.Dequeue();
            if (!seen.Add(path))
            {
                continue;
            }

            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var page = await Html.ParseAsync(response);
            foreach (var link in page.QuerySelectorAll<IHtmlAnchorElement>("a[href^='/']"))
            {
                var target = link.GetAttribute("href")!.Split('?', '#')[0];
                if (!target.StartsWith("//", StringComparison.Ordinal) && !seen.Contains(target) && !target.Contains("/download/", StringComparison.Ordinal))
                {
                    queue.Enqueue(target);
                }
            }

            foreach (var form in page.QuerySelectorAll<IHtmlFormElement>("form"))
            {
                var action = ActionOf(page, form).Split('?')[0];
                if (Skipped.Any(s => action.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var key = form.Method + action + string.Join(",", Fields(form).Select(f => f.Name).Order());
                forms.TryAdd(key, (page, form));
            }
        }

        return [.. forms.Values];
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, IDocument page, IHtmlFormElement form, string value)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var (name, isToken) in Fields(form))
        {
            fields.Add(new(name, isToken ? form.QuerySelector<IHtmlInputElement>($"input[name='{name}']")!.Value : value));
        }

        var action = ActionOf(page, form);
        if (string.Equals(form.Method, "get", StringComparison.OrdinalIgnoreCase))
        {
            var query = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            return await client.GetAsync(new Uri($"{action.Split('?')[0]}?{query}", UriKind.Relative));
        }

        // Each field twice, as a scanner sends it: a list where one value is expected.
        fields.AddRange(fields.Where(f => f.Key != "__RequestVerificationToken").ToList());
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    /// <summary>The form's action as written (path and query), or the page's own address when it has none.</summary>
    private static string ActionOf(IDocument page, IHtmlFormElement form) =>
        form.GetAttribute("action") is { Length: > 0 } action ? action : new Uri(page.Url).PathAndQuery;

    private static IEnumerable<(string Name, bool IsToken)> Fields(IHtmlFormElement form) =>
        form.Elements.OfType<IElement>()
            .Select(e => e.GetAttribute("name"))
            .Where(n => !string.IsNullOrEmpty(n))
            .Distinct()
            .Select(n => (n!, n == "__RequestVerificationToken"));

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
