using System.Collections.Concurrent;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>Every cookie the site sets outside Development is a <c>__Host-</c> cookie: Secure, path /, no Domain (ASVS V3.3.3).</summary>
public sealed class CookieTests
{
    [Fact]
    public async Task EveryCookieOfAVisitAndASignIn_HasTheHostPrefix_AndItsConditions()
    {
        await using var site = new TestSite();
        await site.AddStaffAsync("cookie-staff@example.org", Roles.Editor);
        var key = await site.EnableTwoFactorAsync("cookie-staff@example.org");
        await site.SetStockAsync(ShopSteps.Paperback, 5);
        var seen = new ConcurrentQueue<string>();
        var client = site.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(), new RecordSetCookies(seen));

        using (await client.AddToCartAsync(ShopSteps.Paperback))
        {
        }

        using (await client.SignInWithTwoFactorAsync("cookie-staff@example.org", Accounts.StrongPassword, key))
        {
        }

        var profile = await client.GetDocumentAsync("/Identity/Account/Manage");
        using (await client.SubmitAsync(profile, "form#profile-form", new Dictionary<string, string> { ["Input.Name"] = "Cookie Staff" }))
        {
        }

        var names = seen.Select(c => c[..c.IndexOf('=', StringComparison.Ordinal)]).ToHashSet();
        Assert.Superset(new HashSet<string> { "__Host-abs.af", "__Host-abs.cart", "__Host-abs.2fa", "__Host-abs.auth", "__Host-abs.td" }, names);
        Assert.All(seen, cookie =>
        {
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        });
    }

    private sealed class RecordSetCookies(ConcurrentQueue<string> seen) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                seen.Enqueue(cookie);
            }

            return response;
        }
    }
}
