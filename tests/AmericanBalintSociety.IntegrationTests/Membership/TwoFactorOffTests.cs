using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>Turning two-factor authentication off, and the page opened for an account that does not have it.</summary>
public sealed class TwoFactorOffTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task ThePage_ForAnAccountWithoutTwoFactor_SendsItBackWithAMessage_NotAnError()
    {
        await site.RegisterAndConfirmAsync("no-2fa@example.org");
        var member = site.CreateBrowserClient();
        using (await member.SignInAsync("no-2fa@example.org", Accounts.StrongPassword))
        {
        }

        using var response = await member.GetAsync(new Uri("/Identity/Account/Manage/Disable2fa", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await member.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(Disable2faModel.NotOn, page.QuerySelector("[role=status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task AMemberWithTwoFactor_TurnsItOff_AndSignsInWithThePasswordAlone()
    {
        await site.RegisterAndConfirmAsync("has-2fa@example.org");
        var key = await site.EnableTwoFactorAsync("has-2fa@example.org");
        var member = site.CreateBrowserClient();
        using (await member.SignInWithTwoFactorAsync("has-2fa@example.org", Accounts.StrongPassword, key))
        {
        }

        var page = await member.GetDocumentAsync("/Identity/Account/Manage/Disable2fa");
        using var turnedOff = await member.SubmitAsync(page, "form#disable-2fa", new Dictionary<string, string> { ["Input.CurrentPassword"] = Accounts.StrongPassword });

        Assert.Equal(HttpStatusCode.Redirect, turnedOff.StatusCode);
        Assert.False(await site.WithDbAsync(db => db.Users.Where(u => u.Email == "has-2fa@example.org").Select(u => u.TwoFactorEnabled).SingleAsync()));
        using var again = await site.CreateBrowserClient().SignInAsync("has-2fa@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.DoesNotContain("LoginWith2fa", again.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
