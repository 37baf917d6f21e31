using System.Net;
using AmericanBalintSociety.TestSupport;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>The anonymous account forms mail one address at most once per kind per interval, and answer the same.</summary>
public sealed class AccountMailLimitTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task EightForgotPasswordPosts_SendOneMail_AndGetTheSameAnswer()
    {
        await site.AddMemberAsync("flooded@example.org");
        var client = site.CreateBrowserClient();

        var answers = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var form = await client.GetDocumentAsync("/Identity/Account/ForgotPassword");
            using var response = await client.SubmitAsync(form, "form#forgot-password", new Dictionary<string, string> { ["Input.Email"] = "flooded@example.org" });
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            answers.Add(response.Headers.Location!.OriginalString);
        }

        Assert.Single(answers.Distinct());
        await site.Mail.WaitForAsync("flooded@example.org");
        await Task.Delay(TimeSpan.FromSeconds(1)); // time for any further mail to be written
        Assert.Single(site.Mail.To("flooded@example.org"));
    }

    [Fact]
    public async Task FiveRegistrationsOfAnExistingAddress_MailItsOwnerOnce()
    {
        await site.AddMemberAsync("existing-owner@example.org");

        for (var i = 0; i < 5; i++)
        {
            using var response = await site.CreateBrowserClient().RegisterAsync("Someone Else", "existing-owner@example.org", "another long password");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        await site.Mail.WaitForAsync("existing-owner@example.org");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(site.Mail.To("existing-owner@example.org"), m => m.Subject == "You already have an account");
    }

    [Fact]
    public async Task AfterTheInterval_AnotherMailGoes()
    {
        await using var quick = new TestSite { Settings = { ["Security:AccountMailInterval"] = "00:00:01" } };
        await quick.AddMemberAsync("patient@example.org");
        var client = quick.CreateBrowserClient();

        async Task AskAsync()
        {
            var form = await client.GetDocumentAsync("/Identity/Account/ForgotPassword");
            using var response = await client.SubmitAsync(form, "form#forgot-password", new Dictionary<string, string> { ["Input.Email"] = "patient@example.org" });
        }

        await AskAsync();
        await quick.Mail.WaitForAsync("patient@example.org");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await AskAsync();

        await Eventually.TrueAsync(() => Task.FromResult(quick.Mail.To("patient@example.org").Count == 2), TimeSpan.FromSeconds(10), "no second mail after the interval");
    }
}
