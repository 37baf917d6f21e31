using System.Net;
using AmericanBalintSociety.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Foundation;

/// <summary>A site with one extra path that fails, to see what a visitor gets from a crash.</summary>
public sealed class FailingSite : TestSite
{
    public const string SecretDetail = "connection to 10.1.2.3 refused with password hunter2";

    public FailingSite()
    {
        TestServices = services => services.AddSingleton<IStartupFilter, ThrowingPathFilter>();
    }

    private sealed class ThrowingPathFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Reached only when no endpoint matched, i.e. inside the site's own error handling.
            app.Run(context => context.Request.Path == "/test/crash"
                ? throw new InvalidOperationException(SecretDetail)
                : Task.CompletedTask);
        };
    }
}

public sealed class ErrorPageTests(FailingSite site) : IClassFixture<FailingSite>
{
    [Fact]
    public async Task Crash_Answers500WithAGenericPageAndNoDetails()
    {
        using var response = await site.CreateBrowserClient().GetAsync(new Uri("/test/crash", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(FailingSite.SecretDetail, body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        var page = await Html.ParseAsync(response);
        Assert.Equal("Something went wrong", page.QuerySelector("h1")!.TextContent);
        Assert.NotNull(page.QuerySelector("nav[aria-label=Main]"));
    }
}
