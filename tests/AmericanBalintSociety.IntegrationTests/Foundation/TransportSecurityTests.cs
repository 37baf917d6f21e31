using System.Net;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>As deployed: a public host name, HTTPS on 443.</summary>
public sealed class PublicHostSite : TestSite
{
    public PublicHostSite()
    {
        Settings["https_port"] = "443";
        Settings["Site:PublicBaseUrl"] = "https://www.americanbalintsociety.org";
    }
}

public sealed class TransportSecurityTests(PublicHostSite site) : IClassFixture<PublicHostSite>
{
    private static readonly Uri PublicHttp = new("http://www.americanbalintsociety.org");
    private static readonly Uri PublicHttps = new("https://www.americanbalintsociety.org");

    [Fact]
    public async Task PlainHttp_IsRedirectedToHttps()
    {
        var client = site.CreateClient(new() { BaseAddress = PublicHttp, AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri("/news?page=2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://www.americanbalintsociety.org/news?page=2"), response.Headers.Location);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/css/site.css")]
    [InlineData("/no-such-page")]
    public async Task Https_SendsHstsForAYear(string path)
    {
        var client = site.CreateClient(new() { BaseAddress = PublicHttps, AllowAutoRedirect = false });

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
