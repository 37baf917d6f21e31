using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>
/// Each refusal a scan or an intruder causes writes one Warning line (event, reason, path, account or "anonymous",
/// address) without token values, nothing at Error, and no more than the per-minute cap under a flood.
/// </summary>
public sealed class SecurityEventTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private readonly TestSite _site;

    public SecurityEventTests() => _site = new TestSite
    {
        Settings = { ["Stripe:WebhookSecret"] = StripeStandIn.WebhookSecret },
        TestServices = services => services.AddSingleton<ILoggerProvider>(_log),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task AMemberAtAStaffPage_Is403_AndLoggedWithTheirIdAndAddress()
    {
        var member = await _site.SignedInClientAsync("nosy@example.org", role: null);
        var id = await _site.WithDbAsync(db => db.Users.Where(u => u.Email == "nosy@example.org").Select(u => u.Id).SingleAsync());

        using var response = await member.GetAsync(new Uri("/admin/news", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var line = Assert.Single(Events("AccessDenied"));
        Assert.Contains("GET /admin/news", line, StringComparison.Ordinal);
        Assert.Contains($"by {id}", line, StringComparison.Ordinal);
        Assert.Contains("from ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostWithoutItsToken_Is400_AndLoggedWithWhatWasMissing()
    {
        var client = Anonymous();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "bot@example.org" });

        using var response = await client.PostAsync(new Uri("/mailing-list", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var line = Assert.Single(Events("AntiforgeryRefused"));
        Assert.Contains("no antiforgery cookie", line, StringComparison.Ordinal);
        Assert.Contains("by anonymous", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedDownloadLink_Is404_AndLoggedWithoutTheToken()
    {
        using var response = await Anonymous().GetAsync(new Uri("/orders/ABS-0001/download/CfDJ8forgedtoken", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var line = Assert.Single(Events("UndecryptableToken"));
        Assert.Contains("download link refused", line, StringComparison.Ordinal);
        Assert.DoesNotContain("CfDJ8forgedtoken", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWebhookWithABadSignature_Is400_AndLogged()
    {
        using var response = await _site.DeliverAsync("""{"id":"evt_forged","type":"checkout.session.completed"}""", "t=1,v1=forged");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(Events("WebhookSignatureRejected"));
    }

    [Fact]
    public async Task AForgedSignInCookie_IsLoggedOnce_AndDeletedFromTheBrowser()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", "__Host-abs.auth=CfDJ8forgedcookie");

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(Events("UndecryptableToken"));
        Assert.DoesNotContain("CfDJ8forgedcookie", line, StringComparison.Ordinal);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-abs.auth=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task TheCookieOfASignedOutSession_IsLoggedAsAnEndedSession()
    {
        await _site.AddMemberAsync("ended@example.org");
        var member = _site.CreateBrowserClient();
        using var signedIn = await member.SignInAsync("ended@example.org", Accounts.StrongPassword);
        var copy = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("__Host-abs.auth=", StringComparison.Ordinal));
        using (await member.SignOutAsync())
        {
        }

        var thief = Anonymous();
        thief.DefaultRequestHeaders.Add("Cookie", copy);
        using var response = await thief.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Contains("the sign-in cookie of an ended session", Assert.Single(Events("EndedSessionUsed")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSecondSignInStep_WithoutOrWithAForgedCookie_GoesBackToSignIn_NotA500()
    {
        using var without = await Anonymous().GetAsync(new Uri("/Identity/Account/LoginWith2fa", UriKind.Relative));
        var forged = Anonymous();
        forged.DefaultRequestHeaders.Add("Cookie", "__Host-abs.2fa=CfDJ8forged");
        using var withForged = await forged.GetAsync(new Uri("/Identity/Account/LoginWithRecoveryCode", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, without.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, withForged.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", withForged.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Single(Events("UndecryptableToken"));
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task AFloodOfForgedTokens_WritesAtMostTheCapAMinute_AndNothingAtError()
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("Cookie", "__Host-abs.auth=CfDJ8forgedcookie");
        for (var i = 0; i < 100; i++)
        {
            using var response = await client.GetAsync(new Uri("/news", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(Web.Infrastructure.Security.SecurityEventLog.LinesPerMinute, Events("UndecryptableToken").Count);
        Assert.DoesNotContain(_log.Entries, e => e.Level >= LogLevel.Error);
    }

    private HttpClient Anonymous() =>
        _site.CreateClient(new() { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = false });

    private List<string> Events(string kind) =>
        [.. _log.Entries.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith($"Security event {kind}:", StringComparison.Ordinal)).Select(e => e.Message)];
}
