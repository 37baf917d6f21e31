using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OtpNet;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>An authenticator code works once: a second use, even within its 30 seconds, is refused (ASVS V6.5.1).</summary>
public sealed class AuthenticatorReplayTests : IAsyncLifetime
{
    private readonly LogCapture _log = new();
    private readonly TestSite _site;

    public AuthenticatorReplayTests() => _site = new TestSite { TestServices = services => services.AddSingleton<ILoggerProvider>(_log) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task ACodeSeenOnceAtSignIn_CannotSignInAgain()
    {
        await _site.AddMemberAsync("replayed@example.org");
        var key = await _site.EnableTwoFactorAsync("replayed@example.org");
        var code = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();

        using var owner = await SignInWithCodeAsync("replayed@example.org", code);
        using var replay = await SignInWithCodeAsync("replayed@example.org", code);

        Assert.Equal(HttpStatusCode.Redirect, owner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode); // the code page again, with its error
        Assert.NotNull((await Html.ParseAsync(replay)).QuerySelector("input[name='Input.TwoFactorCode']"));
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("authenticator code was used again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoRequestsRacingWithOneCode_OnlyOneSignsIn()
    {
        await _site.AddStaffAsync("racer@example.org", Web.Features.Membership.Roles.Editor);
        var key = await _site.EnableTwoFactorAsync("racer@example.org");
        var code = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();
        var pages = new List<(HttpClient Client, AngleSharp.Dom.IDocument Page)>();
        for (var i = 0; i < 2; i++)
        {
            var client = _site.CreateBrowserClient();
            using var first = await client.SignInAsync("racer@example.org", Accounts.StrongPassword);
            pages.Add((client, await client.GetDocumentAsync(first.Headers.Location!.OriginalString)));
        }

        var answers = await Task.WhenAll(pages.Select(p => p.Client.SubmitAsync(p.Page, "main form", new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = code,
            ["Input.RememberMachine"] = "false",
        })));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [Fact]
    public async Task TheCodeThatSetUpTheApp_CannotThenSignIn()
    {
        var member = await _site.SignedInClientAsync("setup@example.org", role: null);
        var setup = await member.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        var key = setup.QuerySelector(".shared-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var code = new Totp(Base32Encoding.ToBytes(key)).ComputeTotp();
        using var enabled = await member.SubmitAsync(setup, "form#send-code", new Dictionary<string, string> { ["Input.Code"] = code });
        Assert.Equal(HttpStatusCode.Redirect, enabled.StatusCode);

        using var replay = await SignInWithCodeAsync("setup@example.org", code);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
    }

    private async Task<HttpResponseMessage> SignInWithCodeAsync(string email, string code)
    {
        var client = _site.CreateBrowserClient();
        using var first = await client.SignInAsync(email, Accounts.StrongPassword);
        var page = await client.GetDocumentAsync(first.Headers.Location!.OriginalString);
        return await client.SubmitAsync(page, "main form", new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = code,
            ["Input.RememberMachine"] = "false",
        });
    }
}
