using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Operations;

/// <summary>
/// A member lost their phone (issue 18): an Admin, re-entering their own password, turns the member's two-factor
/// authentication off; the member is signed out, mailed, and signs in with their password; it is audited.
/// </summary>
public sealed class TwoFactorResetTests(TwoFactorResetTests.Site site) : IClassFixture<TwoFactorResetTests.Site>
{
    public sealed class Site : TestSite;

    [Fact]
    public async Task AnAdmin_WithTheirOwnPassword_ResetsAMembersTwoFactor_AndTheMemberIsToldAndSignsInWithoutIt()
    {
        await site.AddMemberAsync("lost-phone@example.org");
        await site.EnableTwoFactorAsync("lost-phone@example.org");
        var memberId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "lost-phone@example.org").Select(u => u.Id).SingleAsync());
        var admin = await site.SignedInClientAsync("reset-admin@example.org", Roles.Admin);

        var page = await admin.GetDocumentAsync($"/admin/members/{memberId}");
        using (var refused = await admin.SubmitAsync(page, "form#reset-two-factor", new Dictionary<string, string> { ["password"] = "not my password at all" }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.StartsWith("That is not your password.", (await Html.ParseAsync(refused)).QuerySelector("#reset-password-error")!.TextContent, StringComparison.Ordinal);
        }

        Assert.True(await site.WithDbAsync(db => db.Users.Where(u => u.Id == memberId).Select(u => u.TwoFactorEnabled).SingleAsync()));

        using (var reset = await admin.SubmitAsync(page, "form#reset-two-factor", new Dictionary<string, string> { ["password"] = Accounts.StrongPassword }))
        {
            Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        }

        Assert.False(await site.WithDbAsync(db => db.Users.Where(u => u.Id == memberId).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "member.two-factor-reset" && e.Subject == $"user:{memberId}")));
        var mail = await Eventually.ValueAsync(() => site.Mail.To("lost-phone@example.org").FirstOrDefault(m => m.Subject == "Two-factor authentication was turned off"),
            TimeSpan.FromSeconds(15), "the member was not told");
        Assert.Contains("If you did not ask for this", mail.TextBody!, StringComparison.Ordinal);

        var member = site.CreateBrowserClient();
        using var signedIn = await member.SignInAsync("lost-phone@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.DoesNotContain("LoginWith2fa", signedIn.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
