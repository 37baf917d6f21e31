using System.Net;
using System.Text;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>A body over an endpoint's limit is the sender's doing: 413 and the site's page, never a 500 (served by Kestrel, as deployed).</summary>
public sealed class OversizedRequestTests : IAsyncLifetime
{
    private readonly TestSite _site = new() { Settings = { ["Stripe:WebhookSecret"] = "whsec_test" } };
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        var address = _site.StartOnRealPort();
#pragma warning disable CA2000 // the client owns its handler
        _client = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })
        {
            BaseAddress = address,
        };
#pragma warning restore CA2000
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task AWebhookBodyOverItsLimit_Answers413WithTheSitesPage()
    {
        // The webhook's own limit is 512 KB; the body is read by the action, where Kestrel refuses the rest.
        using var content = new StringContent("{\"x\":\"" + new string('a', 600 * 1024) + "\"}", Encoding.UTF8, "application/json");
        using var response = await _client.PostAsync(new Uri("/webhooks/stripe", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("That was too large", page.QuerySelector("h1")?.TextContent);
    }
}
