using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>Two-factor authentication for staff, and the Admin's members pages.</summary>
public sealed class StaffAccessTests(TestSite site) : IClassFixture<TestSite>
{
    [Fact]
    public async Task StaffWithoutTwoFactor_AreSentToSetItUp_AndGetInOnceTheySignInWithACode()
    {
        await site.AddStaffAsync("no-2fa@example.org", Roles.Editor);
        var client = site.CreateBrowserClient();
        using var signIn = await client.SignInAsync("no-2fa@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using var admin = await client.GetAsync("/admin/news");

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.StartsWith("/account/two-factor-required?returnUrl=%2Fadmin%2Fnews", admin.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var explained = await client.GetDocumentAsync(admin.Headers.Location.OriginalString);
        Assert.Equal("Two-factor authentication needed", explained.QuerySelector("h1")!.TextContent);
        Assert.NotNull(explained.QuerySelector("a[href='/Identity/Account/Manage/EnableAuthenticator']"));

        var key = await site.EnableTwoFactorAsync("no-2fa@example.org");

        // Turning it on is not enough: this session signed in without a code (a password thief could enrol an app).
        using var stillOut = await client.GetAsync("/admin/news");
        Assert.Equal(HttpStatusCode.Redirect, stillOut.StatusCode);
        var signInAgain = await client.GetDocumentAsync(stillOut.Headers.Location!.OriginalString);
        Assert.Contains("Sign out and sign in again", signInAgain.QuerySelector("main")!.TextContent, StringComparison.Ordinal);

        var withCode = site.CreateBrowserClient();
        using var second = await withCode.SignInWithTwoFactorAsync("no-2fa@example.org", Accounts.StrongPassword, key);
        using var allowed = await withCode.GetAsync("/admin/news");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task TheTwoFactorRuleForStaff_CanBeSwitchedOff()
    {
        await using var relaxed = new TestSite();
        relaxed.Settings["Security:RequireTwoFactorForStaff"] = "false";
        await relaxed.AddStaffAsync("relaxed@example.org", Roles.Editor);
        var client = relaxed.CreateBrowserClient();
        using var signIn = await client.SignInAsync("relaxed@example.org", Accounts.StrongPassword);

        using var admin = await client.GetAsync("/admin");

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task MembersPages_AreForAdminsOnly()
    {
        var editor = await site.SignedInClientAsync("members-editor@example.org", Roles.Editor);
        var member = await site.SignedInClientAsync("members-member@example.org", role: null);

        using var asEditor = await editor.GetAsync("/admin/members");
        using var asMember = await member.GetAsync("/admin/members");
        using var anonymous = await site.CreateBrowserClient().GetAsync("/admin/members");

        Assert.Equal(HttpStatusCode.Forbidden, asEditor.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, asMember.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Identity/Account/Login", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAdmin_FindsAMember_GivesAndTakesTheEditorRole_AndItIsAudited()
    {
        var admin = await site.SignedInClientAsync("boss@example.org", Roles.Admin);
        await site.RegisterAndConfirmAsync("promoted@example.org", name: "Promoted Person");

        var list = await admin.GetDocumentAsync("/admin/members?q=PROMOTED");
        var link = Assert.Single(list.QuerySelectorAll("table a"));
        Assert.Equal("promoted@example.org", link.TextContent);
        var details = await admin.GetDocumentAsync(link.GetAttribute("href")!);
        Assert.Contains("Promoted Person", details.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);

        using var given = await admin.SubmitAsync(details, "form[action$='/roles/give']:has(input[value=Editor])", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        var after = await admin.GetDocumentAsync(given.Headers.Location!.OriginalString);
        Assert.Equal("promoted@example.org now has the Editor role.", after.QuerySelector("[role=status]")!.TextContent);
        Assert.Contains("member.role-given", after.QuerySelector("#activity-heading + .table-wrap, section:last-of-type")!.TextContent, StringComparison.Ordinal);
        Assert.True(await InRoleAsync("promoted@example.org", Roles.Editor));

        using var taken = await admin.SubmitAsync(after, "form[action$='/roles/take']:has(input[value=Editor])", new Dictionary<string, string>());
        Assert.False(await InRoleAsync("promoted@example.org", Roles.Editor));
        var entries = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Actor == "boss@example.org").Select(e => e.Action).ToListAsync());
        Assert.Contains("member.role-given", entries);
        Assert.Contains("member.role-taken", entries);
    }

    [Fact]
    public async Task TakingTheRole_ClosesTheStaffPagesAtOnce()
    {
        var admin = await site.SignedInClientAsync("boss2@example.org", Roles.Admin);
        var editor = await site.SignedInClientAsync("demoted@example.org", Roles.Editor);
        using var before = await editor.GetAsync("/admin/news");
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        var id = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "demoted@example.org").Select(u => u.Id).SingleAsync());
        var details = await admin.GetDocumentAsync($"/admin/members/{id}");
        using var taken = await admin.SubmitAsync(details, "form[action$='/roles/take']:has(input[value=Editor])", new Dictionary<string, string>());

        using var after = await editor.GetAsync("/admin/news");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }

    [Fact]
    public async Task TheLastAdmin_CannotLoseTheRole_AndAnAdminCannotLockThemselves()
    {
        await using var lone = new TestSite();
        var admin = await lone.SignedInClientAsync("sole@example.org", Roles.Admin);
        var id = await lone.WithDbAsync(db => db.Users.Where(u => u.Email == "sole@example.org").Select(u => u.Id).SingleAsync());
        var details = await admin.GetDocumentAsync($"/admin/members/{id}");
        Assert.Null(details.QuerySelector("form[action$='/lock']"));

        using var refused = await admin.SubmitAsync(details, "form[action$='/roles/take']:has(input[value=Admin])", new Dictionary<string, string>());
        var after = await admin.GetDocumentAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("is the only Admin", after.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.True(await lone.WithDbAsync(db => db.UserRoles.AnyAsync(ur => ur.UserId == id)));

        // Posting the lock form anyway (it is not shown) is refused too.
        details.QuerySelector("form[action$='/unlock'], form[action$='/roles/give']")!.SetAttribute("action", $"/admin/members/{id}/lock");
        using var locked = await admin.SubmitAsync(details, $"form[action='/admin/members/{id}/lock']", new Dictionary<string, string>());
        var lockPage = await admin.GetDocumentAsync(locked.Headers.Location!.OriginalString);
        Assert.Equal("You cannot lock your own account.", lockPage.QuerySelector("[role=alert]")!.TextContent);
        Assert.Null(await lone.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task AnAdminWhoLockedTheOtherAdmin_CannotThenGiveUpTheirOwnRole()
    {
        await using var pair = new TestSite();
        var first = await pair.SignedInClientAsync("first-admin@example.org", Roles.Admin);
        await pair.AddStaffAsync("second-admin@example.org", Roles.Admin);
        var ids = await pair.WithDbAsync(db => db.Users.ToDictionaryAsync(u => u.Email!, u => u.Id));

        var second = await first.GetDocumentAsync($"/admin/members/{ids["second-admin@example.org"]}");
        using var locked = await first.SubmitAsync(second, "form[action$='/lock']", new Dictionary<string, string>());
        var self = await first.GetDocumentAsync($"/admin/members/{ids["first-admin@example.org"]}");
        using var refused = await first.SubmitAsync(self, "form[action$='/roles/take']:has(input[value=Admin])", new Dictionary<string, string>());

        var after = await first.GetDocumentAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("is the only Admin", after.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockingAMember_EndsTheirSessionsAtOnce_StopsTheirSignIn_AndUnlockingLetsThemBackIn()
    {
        var admin = await site.SignedInClientAsync("boss3@example.org", Roles.Admin);
        var member = await site.SignedInClientAsync("troublesome@example.org", role: null);
        var id = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "troublesome@example.org").Select(u => u.Id).SingleAsync());

        var details = await admin.GetDocumentAsync($"/admin/members/{id}");
        using var locked = await admin.SubmitAsync(details, "form[action$='/lock']", new Dictionary<string, string>());
        using var signedOut = await member.GetAsync(new Uri("/Identity/Account/Manage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", signedOut.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        using var refused = await site.CreateBrowserClient().SignInAsync("troublesome@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);

        var lockedPage = await admin.GetDocumentAsync(locked.Headers.Location!.OriginalString);
        Assert.Contains("Locked by staff", lockedPage.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);
        using var unlocked = await admin.SubmitAsync(lockedPage, "form[action$='/unlock']", new Dictionary<string, string>());
        using var allowed = await site.CreateBrowserClient().SignInAsync("troublesome@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, allowed.StatusCode);
        var actions = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == $"user:{id}").Select(e => e.Action).ToListAsync());
        Assert.Contains("member.locked", actions);
        Assert.Contains("member.unlocked", actions);
    }

    [Fact]
    public async Task ResendingTheConfirmation_MailsANewLinkThatWorks()
    {
        var admin = await site.SignedInClientAsync("boss4@example.org", Roles.Admin);
        using var registered = await site.CreateBrowserClient().RegisterAsync("Lost Mail", "lostmail@example.org", "my lost mail password");
        await site.Mail.WaitForAsync("lostmail@example.org");
        var id = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "lostmail@example.org").Select(u => u.Id).SingleAsync());

        var details = await admin.GetDocumentAsync($"/admin/members/{id}");
        using var resent = await admin.SubmitAsync(details, "form[action$='/resend-confirmation']", new Dictionary<string, string>());

        await Eventually.TrueAsync(() => Task.FromResult(site.Mail.To("lostmail@example.org").Count == 2), TimeSpan.FromSeconds(10), "no second mail");
        var page = await site.CreateBrowserClient().FollowAndConfirmAsync(Accounts.LinkIn(site.Mail.To("lostmail@example.org")[^1], "ConfirmEmail"), "form#confirm-email");
        Assert.Equal("Your email address is confirmed", page.QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task TheMembersList_PagesThrough25AtATime()
    {
        await using var busy = new TestSite();
        for (var i = 0; i < 27; i++)
        {
            await busy.WithDbAsync(async db =>
            {
                db.Users.Add(new ApplicationUser
                {
                    UserName = $"m{i:00}@example.org",
                    NormalizedUserName = $"M{i:00}@EXAMPLE.ORG",
                    Email = $"m{i:00}@example.org",
                    NormalizedEmail = $"M{i:00}@EXAMPLE.ORG",
                    CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-i),
                });
                await db.SaveChangesAsync();
            });
        }

        var admin = await busy.SignedInClientAsync("pager@example.org", Roles.Admin);
        var first = await admin.GetDocumentAsync("/admin/members");
        var second = await admin.GetDocumentAsync(first.QuerySelector("a[rel=next]")!.GetAttribute("href")!);

        Assert.Equal(25, first.QuerySelectorAll("tbody tr").Length);
        Assert.Equal(3, second.QuerySelectorAll("tbody tr").Length);
        Assert.Contains("28 accounts", first.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
    }

    private Task<bool> InRoleAsync(string email, string role) =>
        site.WithDbAsync(db => db.UserRoles.AnyAsync(ur =>
            db.Users.Any(u => u.Id == ur.UserId && u.Email == email) && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
}
