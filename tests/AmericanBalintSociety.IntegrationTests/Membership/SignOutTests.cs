using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>Signing out: it ends the session on the server, one browser or all of them, and follows only this site's addresses.</summary>
public sealed class SignOutTests(TestSite site) : IClassFixture<TestSite>
{
    [Theory]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/news", "/news")]
    public async Task SignOut_FollowsOnlyAnAddressOnThisSite(string returnUrl, string expected)
    {
        var email = $"leaver-{Math.Abs(returnUrl.GetHashCode(StringComparison.Ordinal))}@example.org";
        var member = await site.SignedInClientAsync(email, Roles.Editor);
        var page = await member.GetDocumentAsync("/Identity/Account/Logout");
        var token = page.QuerySelector("form#sign-out input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await member.PostAsync(new Uri("/Identity/Account/Logout?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        var after = await member.GetDocumentAsync("/");
        Assert.Contains("Sign in", after.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHeaderLinksToAPageThatAsks_AndOpeningItSignsNobodyOut()
    {
        var member = await site.SignedInClientAsync("asked@example.org", role: null);
        var news = await member.GetDocumentAsync("/news");
        var link = news.QuerySelector("nav[aria-label=Account] a[href='/Identity/Account/Logout']");
        Assert.Equal("Sign out", link?.TextContent);
        // Why a link: the pages a member reads carry no antiforgery token to encrypt for them on every request.
        Assert.Empty(news.QuerySelectorAll("input[name=__RequestVerificationToken]"));

        var page = await member.GetDocumentAsync("/Identity/Account/Logout");
        Assert.Equal("Sign out", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("You are signed in as", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Sign out", (await member.GetDocumentAsync("/")).QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);

        using var signedOut = await member.SubmitAsync(page, "form#sign-out", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var farewell = await member.GetDocumentAsync(signedOut.Headers.Location!.OriginalString);
        Assert.Equal("You are signed out", farewell.QuerySelector("h1")!.TextContent);
        Assert.Contains("Sign in", farewell.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterSigningOut_ACopyOfTheOldCookie_OpensNothing()
    {
        // The site remembers cookies it decrypted (CachedTicketDataFormat); the copy below is one of them by the time
        // its session ends, and must still open nothing.
        var cookieOptions = site.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.IsType<CachedTicketDataFormat>(cookieOptions.TicketDataFormat);
        await site.AddMemberAsync("copied@example.org");
        var member = site.CreateBrowserClient();
        using var signedIn = await member.SignInAsync("copied@example.org", Accounts.StrongPassword);
        var copy = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("__Host-abs.auth=", StringComparison.Ordinal));
        var thief = site.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });
        thief.DefaultRequestHeaders.Add("Cookie", copy);
        using var before = await thief.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        using var signedOut = await member.SignOutAsync();

        using var after = await thief.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", after.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignOutEverywhere_ListsTheBrowsers_ThenEndsEveryOne()
    {
        await site.AddMemberAsync("traveller@example.org");
        var laptop = site.CreateBrowserClient();
        laptop.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0");
        var phone = site.CreateBrowserClient();
        phone.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1");
        using var onPhone = await phone.SignInAsync("traveller@example.org", Accounts.StrongPassword);
        using var onLaptop = await laptop.SignInAsync("traveller@example.org", Accounts.StrongPassword);

        var page = await laptop.GetDocumentAsync("/Identity/Account/Manage/Sessions");
        var rows = page.QuerySelectorAll("table tbody tr").Select(r => r.QuerySelector("td")!.TextContent.Trim()).ToList();
        Assert.Equal(["Firefox on Windows (this browser)", "Safari on iPhone"], rows);

        using var ended = await laptop.SubmitAsync(page, "form#sign-out-everywhere", new Dictionary<string, string>());
        var farewell = await laptop.GetDocumentAsync(ended.Headers.Location!.OriginalString);
        Assert.Contains("Every browser where you were signed in is now signed out", farewell.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        foreach (var browser in new[] { laptop, phone })
        {
            using var after = await browser.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        }

        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "traveller@example.org").Select(u => u.Id).SingleAsync());
        Assert.False(await site.WithDbAsync(db => db.SignInSessions.AnyAsync(s => s.UserId == userId)));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "account.signed-out-everywhere" && e.ActorId == userId)));
    }
}
