using System.Net;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.MailingList;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.MailingList;

/// <summary>The list from a member's side: the registration checkbox, "Mailing list" on My account, their data.</summary>
public sealed class MemberListTests(TestSite site) : IClassFixture<TestSite>
{
    private Task<Subscriber?> FindAsync(string email)
    {
        var hash = SubscriberAddress.Hash(email);
        return site.WithDbAsync(db => db.Subscribers.AsNoTracking().FirstOrDefaultAsync(s => s.AddressHash == hash));
    }

    [Fact]
    public async Task Registration_WithTheBoxTicked_AsksToConfirmTheSubscriptionToo()
    {
        var client = site.CreateBrowserClient();
        var page = await client.GetDocumentAsync("/Identity/Account/Register");
        Assert.Equal("Also add me to the mailing list", page.QuerySelector("label[for=Input_JoinMailingList]")!.TextContent);
        using var registered = await client.SubmitAsync(page, "form#registerForm", new Dictionary<string, string>
        {
            ["Input.Name"] = "Reg Ister",
            ["Input.Email"] = "register-list@example.org",
            ["Input.Password"] = Accounts.StrongPassword,
            ["Input.ConfirmPassword"] = Accounts.StrongPassword,
            ["Input.JoinMailingList"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);

        var subscriber = await FindAsync("register-list@example.org");
        Assert.Equal((SubscriberStatus.Pending, SubscriptionSource.Registration, "Reg Ister"), (subscriber!.Status, subscriber.Source, subscriber.Name));
        var link = await site.Mail.ConfirmationLinkAsync("register-list@example.org");
        Assert.Equal("You're subscribed", (await client.ConfirmAsync(link)).QuerySelector("h1")!.TextContent);
    }

    [Fact]
    public async Task Registration_WithoutTheBox_AddsNobody()
    {
        using var registered = await site.CreateBrowserClient().RegisterAsync("No List", "register-nolist@example.org", Accounts.StrongPassword);
        Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        Assert.Null(await FindAsync("register-nolist@example.org"));
    }

    [Fact]
    public async Task MyAccount_ShowsTheListStatus_AndJoinsAndLeaves()
    {
        var client = await site.SignedInClientAsync("member-list@example.org", role: null);
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/MailingList");
        Assert.Contains("is not on the society's mailing list", page.QuerySelector("#list-status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(ConsentStatement.Current, page.QuerySelector("#join-consent")!.TextContent);

        using var joined = await client.SubmitAsync(page, "form#join-list", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        page = await client.GetDocumentAsync("/Identity/Account/Manage/MailingList");
        Assert.Contains("is on the society's mailing list", page.QuerySelector("#list-status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("You are on the mailing list.", page.QuerySelector("[role=status]")!.TextContent);
        var subscriber = await FindAsync("member-list@example.org");
        Assert.Equal((SubscriberStatus.Confirmed, SubscriptionSource.Account, ConsentStatement.CurrentVersion), (subscriber!.Status, subscriber.Source, subscriber.ConsentVersion));
        var welcome = await site.Mail.WaitForAsync("member-list@example.org");
        Assert.NotNull(welcome.Headers["List-Unsubscribe"]);

        using var left = await client.SubmitAsync(page, "form#leave-list", new Dictionary<string, string>());
        page = await client.GetDocumentAsync("/Identity/Account/Manage/MailingList");
        Assert.Contains("(you left on", page.QuerySelector("#list-status")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(SubscriberStatus.Unsubscribed, (await FindAsync("member-list@example.org"))!.Status);
    }

    [Fact]
    public async Task MyData_IncludesTheSubscription_AndDeletingTheAccountRemovesIt()
    {
        await site.RegisterAndConfirmAsync("member-data@example.org", name: "Data Member");
        var client = site.CreateBrowserClient();
        using (await client.SignInAsync("member-data@example.org", Accounts.StrongPassword))
        {
        }

        var listPage = await client.GetDocumentAsync("/Identity/Account/Manage/MailingList");
        using (await client.SubmitAsync(listPage, "form#join-list", new Dictionary<string, string>()))
        {
        }

        var dataPage = await client.GetDocumentAsync("/Identity/Account/Manage/PersonalData");
        using var download = await client.SubmitAsync(dataPage, "form#download-data", new Dictionary<string, string>());
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());
        var list = json.RootElement.GetProperty("mailingList");
        Assert.Equal("member-data@example.org", list.GetProperty("email").GetString());
        Assert.Equal("Confirmed", list.GetProperty("status").GetString());

        var deletePage = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using var deleted = await client.SubmitAsync(deletePage, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword });
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);

        var removed = await FindAsync("member-data@example.org");
        Assert.NotNull(removed);
        Assert.Equal((SubscriberStatus.Removed, null, null, null), (removed.Status, removed.Email, removed.Name, removed.UnsubscribeToken));
    }
}
