using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// Mailed links come from <c>Site:PublicBaseUrl</c>, never from a request's Host header: outside Development the site
/// does not start without it, serves only its host, and builds links from it even for a second allowed name.
/// </summary>
public sealed class PublicAddressTests
{
    [Theory]
    [InlineData("")]
    [InlineData("http://www.example.org")]
    [InlineData("www.example.org")]
    public async Task OutsideDevelopment_TheSiteDoesNotStart_WithoutAnHttpsPublicAddress(string address)
    {
        await using var site = new TestSite { Settings = { ["Site:PublicBaseUrl"] = address } };

        var refused = Assert.Throws<OptionsValidationException>(() => site.CreateClient());

        Assert.Contains("Site:PublicBaseUrl is required outside Development", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedHost_IsRefusedBeforeAnyPageRuns_AndNothingIsMailed()
    {
        await using var site = new TestSite();
        await site.AddMemberAsync("victim@example.org");

        // The attacker takes a genuine form (its token and antiforgery cookie) and posts it with a Host of their own.
        var genuine = site.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        using var page = await genuine.GetAsync(new Uri("/Identity/Account/ForgotPassword", UriKind.Relative));
        var cookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("__Host-abs.af=", StringComparison.Ordinal));
        var token = (await Html.ParseAsync(page)).QuerySelector("form#forgot-password input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var forged = site.CreateClient(new() { BaseAddress = new Uri("https://evil.example"), AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Identity/Account/ForgotPassword")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = "victim@example.org",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", cookie);

        using var post = await forged.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(1)); // the outbox would have written it within a poll or two
        Assert.Empty(site.Mail.To("victim@example.org"));
    }

    [Fact]
    public async Task ASecondAllowedName_StillGetsLinksOnThePublicAddress()
    {
        await using var site = new TestSite
        {
            Settings =
            {
                ["Site:PublicBaseUrl"] = "https://www.example.org",
                ["AllowedHosts"] = "www.example.org;example.org",
            },
        };
        await site.AddMemberAsync("second-name@example.org");
        var client = site.CreateClient(new() { BaseAddress = new Uri("https://example.org"), AllowAutoRedirect = false });

        var form = await client.GetDocumentAsync("/Identity/Account/ForgotPassword");
        using var asked = await client.SubmitAsync(form, "form#forgot-password", new Dictionary<string, string> { ["Input.Email"] = "second-name@example.org" });

        var mail = await site.Mail.WaitForAsync("second-name@example.org");
        Assert.StartsWith("https://www.example.org/Identity/Account/ResetPassword?", Accounts.LinkIn(mail, "ResetPassword"), StringComparison.Ordinal);
    }
}
