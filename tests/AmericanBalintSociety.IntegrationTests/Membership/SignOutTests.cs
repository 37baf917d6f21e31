using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>Signing out, with the return addresses a crafted link could carry.</summary>
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
        var home = await member.GetDocumentAsync("/");
        var token = home.QuerySelector("form[action^='/Identity/Account/Logout'] input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        using var response = await member.PostAsync(new Uri("/Identity/Account/Logout?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
        var after = await member.GetDocumentAsync("/");
        Assert.Contains("Sign in", after.QuerySelector("nav[aria-label=Account]")!.TextContent, StringComparison.Ordinal);
    }
}
