using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Areas.Identity.Pages.Account.Manage;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>New recovery codes, and the page opened for an account without two-factor authentication.</summary>
public sealed class RecoveryCodesTests(TestSite site) : IClassFixture<TestSite>
{
    private static readonly Uri Page = new("/Identity/Account/Manage/GenerateRecoveryCodes", UriKind.Relative);

    [Fact]
    public async Task ThePage_ForAnAccountWithoutTwoFactor_SendsItBackWithAMessage_NotAnError()
    {
        await site.RegisterAndConfirmAsync("codes-no-2fa@example.org");
        var member = site.CreateBrowserClient();
        using (await member.SignInAsync("codes-no-2fa@example.org", Accounts.StrongPassword))
        {
        }

        using var response = await member.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("/Identity/Account/Manage/TwoFactorAuthentication", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var page = await member.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(GenerateRecoveryCodesModel.NotOn, page.QuerySelector("[role=status]")!.TextContent.Trim());
    }

    [Fact]
    public async Task AMemberWithTwoFactor_GetsTenNewCodesShownOnce_TheOldOnesStopWorking_AndItIsAudited()
    {
        const string email = "codes-2fa@example.org";
        await site.RegisterAndConfirmAsync(email);
        var key = await site.EnableTwoFactorAsync(email);
        var old = await WithUsersAsync(async users =>
            (await users.GenerateNewTwoFactorRecoveryCodesAsync((await users.FindByEmailAsync(email))!, 10))!.First());
        var member = site.CreateBrowserClient();
        using (await member.SignInWithTwoFactorAsync(email, Accounts.StrongPassword, key))
        {
        }

        var form = await member.GetDocumentAsync(Page.OriginalString);
        using var generated = await member.SubmitAsync(form, "form#generate-recovery-codes", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, generated.StatusCode);
        Assert.EndsWith("/Identity/Account/Manage/ShowRecoveryCodes", generated.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var shown = await member.GetDocumentAsync(generated.Headers.Location!.OriginalString);
        var codes = shown.QuerySelectorAll("code").Select(c => c.TextContent.Trim()).Where(c => c.Length > 0).ToList();
        Assert.Equal(GenerateRecoveryCodesModel.CodeCount, codes.Count);
        Assert.DoesNotContain(old, codes);
        Assert.Equal(GenerateRecoveryCodesModel.CodeCount, await WithUsersAsync(async users => await users.CountRecoveryCodesAsync((await users.FindByEmailAsync(email))!)));
        Assert.False(await WithUsersAsync(async users => (await users.RedeemTwoFactorRecoveryCodeAsync((await users.FindByEmailAsync(email))!, old)).Succeeded));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "account.recovery-codes-generated")));

        // Shown once: the codes are not on the page a second time.
        var again = await member.GetDocumentAsync(generated.Headers.Location!.OriginalString);
        Assert.DoesNotContain(codes[0], again.Body!.TextContent, StringComparison.Ordinal);
    }

    private async Task<T> WithUsersAsync<T>(Func<UserManager<ApplicationUser>, Task<T>> work)
    {
        await using var scope = site.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>());
    }
}
