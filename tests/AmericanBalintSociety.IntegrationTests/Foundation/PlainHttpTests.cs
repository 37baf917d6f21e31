using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// Production reached over plain HTTP (a TLS proxy whose X-Forwarded-Proto the site does not read) gets a plain page
/// that tells the operator what to set, not a 500 on every form; the health checks still answer; the start warns.
/// </summary>
public sealed class PlainHttpTests(PlainHttpTests.Site site) : IClassFixture<PlainHttpTests.Site>
{
    public sealed class Site : TestSite;

    [Theory]
    [InlineData("/contact")]
    [InlineData("/Identity/Account/Login")]
    [InlineData("/")]
    public async Task APageOverPlainHttp_TellsTheOperatorWhatToSet_InsteadOfFailing(string path)
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("This site needs HTTPS", page.QuerySelector("h1")!.TextContent);
        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED=true", page.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHealthChecks_StillAnswerOverPlainHttp_ForALocalMonitor()
    {
        var client = site.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        using var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task OverHttps_TheSameFormWorks()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/contact", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void TheStart_WarnsWhenTheSiteListensOnHttpOnly_AndReadsNoForwardedHeaders()
    {
        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED=true", PlainHttpGuard.StartProblem(["http://127.0.0.1:5000"], forwardedHeadersEnabled: false), StringComparison.Ordinal);
        Assert.Null(PlainHttpGuard.StartProblem(["http://127.0.0.1:5000"], forwardedHeadersEnabled: true));
        Assert.Null(PlainHttpGuard.StartProblem(["https://0.0.0.0:443", "http://0.0.0.0:80"], forwardedHeadersEnabled: false));
    }
}
