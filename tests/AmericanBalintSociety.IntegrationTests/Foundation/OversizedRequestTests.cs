using System.Net;
using System.Text;
using AmericanBalintSociety.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// A body over an endpoint's limit, or a form over the form limits, is the sender's doing: 413 or 400 and the site's
/// page, never a 500 and never an Error line in the log (served by Kestrel, as deployed).
/// </summary>
public sealed class OversizedRequestTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private readonly TestSite _site;

    public OversizedRequestTests() => _site = new TestSite
    {
        Settings = { ["Stripe:WebhookSecret"] = "whsec_test" },
        TestServices = services => services.AddSingleton<ILoggerProvider>(_log),
    };
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        var address = _site.StartOnRealPort();
        var thumbprint = _site.RealCertificateThumbprint;
#pragma warning disable CA2000 // the client owns its handler
        _client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null && certificate.GetCertHashString() == thumbprint },
            // A request that says "Expect: 100-continue" waits this long for the server's go-ahead before sending its
            // body anyway; long enough that the server's refusal always comes first.
            Expect100ContinueTimeout = TimeSpan.FromSeconds(30),
        })
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
        // The webhook's own limit is 512 KB; the body is read by the action, where Kestrel refuses it by its declared
        // length. The client asks before sending the body, as clients of large uploads do: a client that sends it
        // regardless may still be writing when the server has answered and closed, and .NET's HttpClient then reports
        // the broken connection instead of the answer (dotnet/runtime#119350), which made this test flaky.
        using var content = new StringContent("{\"x\":\"" + new string('a', 600 * 1024) + "\"}", Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = content };
        request.Headers.ExpectContinue = true;
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Equal("That was too large", page.QuerySelector("h1")?.TextContent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AOneClickUnsubscribeBodyOverItsLimit_Answers413(bool chunked)
    {
        var body = Encoding.UTF8.GetBytes("List-Unsubscribe=One-Click&padding=" + new string('a', 100 * 1024));
        using HttpContent content = chunked ? new StreamContent(new MemoryStream(body)) : new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/mailing-list/unsubscribe/an-unknown-token") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task AFormWithMoreFieldsThanTheLimit_Answers400_WithoutAnErrorInTheLog()
    {
        var fields = Enumerable.Range(0, 300).Select(i => new KeyValuePair<string, string>($"f{i}", "x"));
        using var content = new FormUrlEncodedContent(fields);

        using var response = await _client.PostAsync(new Uri("/mailing-list/unsubscribe/an-unknown-token", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Something was wrong with that request", (await Html.ParseAsync(response)).QuerySelector("h1")?.TextContent);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Error);
    }
}
