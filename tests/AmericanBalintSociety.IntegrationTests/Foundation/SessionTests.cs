using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task AChangedSecurityStamp_SignsTheSessionOut_OnceTheValidationIntervalHasPassed()
    {
        await using var site = new ClockedTestSite(); // Security:SessionValidationInterval is five minutes
        var client = await site.SignedInClientAsync("stamped@example.org", role: null);

        // Changed the way a password reset elsewhere changes it, without ending the session's row.
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ApplicationUser>>();
            Assert.True((await users.UpdateSecurityStampAsync((await users.FindByEmailAsync("stamped@example.org"))!)).Succeeded);
        }

        // Within the interval the session is not checked against the account (nothing is resolved for it)…
        var before = await client.GetDocumentAsync("/");
        Assert.Contains("Sign out", before.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);

        // …after it, the check runs and finds the stamp changed.
        site.Clock.Advance(TimeSpan.FromMinutes(6));
        var after = await client.GetDocumentAsync("/");
        Assert.Contains("Sign in", after.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOut_FromTheHeader_EndsTheSession()
    {
        await using var site = new TestSite();
        var client = await site.SignedInClientAsync("leaver@example.org", role: null);

        using var signedOut = await client.SignOutAsync();

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
