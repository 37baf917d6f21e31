using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

public sealed class SessionTests
{
    [Fact]
    public async Task ASignInSurvivesARestart_BecauseTheKeysAreInTheDatabase()
    {
        var folder = TestSite.CreateTempDirectory();
        string authCookie;
        await using (var first = new TestSite { Directory = folder })
        {
            await first.AddStaffAsync("keeper@example.org", Roles.Editor);
            using var signIn = await first.CreateBrowserClient().SignInAsync("keeper@example.org", Accounts.StrongPassword);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            authCookie = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-abs.auth=", StringComparison.Ordinal)).Split(';')[0];
            Assert.True(await first.WithDbAsync(db => db.DataProtectionKeys.AnyAsync()));
        }

        await using var second = new TestSite { Directory = folder, DeletesDirectory = true };
        var client = second.CreateBrowserClient();
        client.DefaultRequestHeaders.Add("Cookie", authCookie);

        var home = await client.GetDocumentAsync("/");

        Assert.Contains("Sign out", home.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOut_FromTheHeader_EndsTheSession()
    {
        await using var site = new TestSite();
        var client = await site.SignedInClientAsync("leaver@example.org", role: null);
        var home = await client.GetDocumentAsync("/");

        using var signedOut = await client.SubmitAsync(home, "nav[aria-label=Account] form", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var after = await client.GetDocumentAsync("/");
        Assert.Contains("Sign in", after.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignInPosts_AreRateLimitedPerAddress_WithAFriendlyPage()
    {
        await using var site = new TestSite { Settings = { ["RateLimiting:FormPostsPerMinute"] = "3" } };
        var client = site.CreateBrowserClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await client.SignInAsync("nobody@example.org", "wrong password here");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var page = await Html.ParseAsync(response);
                Assert.Equal("Too many requests", page.QuerySelector("h1")!.TextContent);
                Assert.True(response.Headers.Contains("Retry-After"));
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // Reading the page is never limited.
        using var get = await client.GetAsync(new Uri("/Identity/Account/Login", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
    }
}
