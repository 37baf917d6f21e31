using System.Net;
using System.Text.RegularExpressions;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// Every staff route the site maps, found from its endpoints (so a new one is covered by itself), tried with every
/// method it answers as a visitor, a member, an Editor and an Admin: each carries a staff policy, and only the roles
/// the policy names get past it.
/// </summary>
public sealed partial class StaffRouteAccessTests
{
    [Fact]
    public async Task EveryStaffRoute_HasAPolicy_AndLetsInOnlyTheRolesItNames()
    {
        await using var site = new TestSite();
        var routes = StaffRoutes(site);
        Assert.True(routes.Count > 30, $"only {routes.Count} staff routes found");
        Assert.Empty(routes.Where(r => r.Policy is null).Select(r => $"{r.Method} {r.Path} has no staff policy"));

        var anonymous = site.CreateBrowserClient();
        var member = await site.SignedInClientAsync("route-member@example.org", role: null);
        var editor = await site.SignedInClientAsync("route-editor@example.org", Roles.Editor);
        var admin = await site.SignedInClientAsync("route-admin@example.org", Roles.Admin);
        var token = (await admin.GetDocumentAsync("/admin")).QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value");

        var wrong = new List<string>();
        foreach (var (method, path, policy) in routes)
        {
            async Task<HttpStatusCode> TryAsync(HttpClient client, string who)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET")
                {
                    request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token ?? "" });
                }

                using var response = await client.SendAsync(request);
                if ((int)response.StatusCode >= 500)
                {
                    wrong.Add($"{who}: {method} {path} answered {(int)response.StatusCode}");
                }

                return response.StatusCode;
            }

            var anonymousAnswer = await TryAsync(anonymous, "visitor");
            if (anonymousAnswer != HttpStatusCode.Redirect)
            {
                wrong.Add($"visitor: {method} {path} answered {(int)anonymousAnswer}, not a redirect to sign in");
            }

            var memberAnswer = await TryAsync(member, "member");
            if (memberAnswer != HttpStatusCode.Forbidden)
            {
                wrong.Add($"member: {method} {path} answered {(int)memberAnswer}, not 403");
            }

            var editorAnswer = await TryAsync(editor, "Editor");
            if ((policy == Policies.Admin) != (editorAnswer == HttpStatusCode.Forbidden))
            {
                wrong.Add($"Editor: {method} {path} ({policy}) answered {(int)editorAnswer}");
            }

            var adminAnswer = await TryAsync(admin, "Admin");
            if (adminAnswer == HttpStatusCode.Forbidden)
            {
                wrong.Add($"Admin: {method} {path} answered 403");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>Each staff route with each method it answers, its parameters filled in ("1", or a new guid), and its policy.</summary>
    private static List<(string Method, string Path, string? Policy)> StaffRoutes(TestSite site) =>
        [.. site.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("admin", StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method => (
                method,
                "/" + Parameter().Replace(e.RoutePattern.RawText!.TrimStart('/'), p => p.Value.Contains(":guid", StringComparison.Ordinal) ? Guid.NewGuid().ToString() : "1"),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is Policies.Staff or Policies.Admin))))
            .Distinct()];

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
