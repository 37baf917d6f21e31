using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Directory;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// The members' directory (issue 16): nobody appears without ticking the box, an entry shows only what its member
/// filled in, it is searchable by name, state and profession, and leaving or lapsing takes it out of view.
/// </summary>
public sealed class DirectoryTests(MembershipSite site) : IClassFixture<MembershipSite>
{
    private static IReadOnlyList<string> Names(IDocument page) =>
        [.. page.QuerySelectorAll(".directory-entry h2").Select(h => h.TextContent)];

    private static Task<HttpResponseMessage> SaveEntryAsync(HttpClient client, IDocument page, Dictionary<string, string> values) =>
        client.SubmitAsync(page, "form#directory-form", values);

    private static Dictionary<string, string> Entry(string name, bool listed = true) => new()
    {
        ["Input.Listed"] = listed ? "true" : "false",
        ["Input.Name"] = name,
        ["Input.Credentials"] = "MD",
        ["Input.Profession"] = "Psychiatrist",
        ["Input.Organization"] = "",
        ["Input.City"] = "Portland",
        ["Input.State"] = "OR",
        ["Input.Bio"] = "",
        ["Input.PublicEmail"] = "",
        ["Input.Website"] = "",
    };

    [Fact]
    public async Task AMember_AppearsOnlyAfterOptingIn_WithWhatTheyFilledIn_AndLeavingRemovesThem()
    {
        var (member, _, _, _) = await site.PaidMemberAsync("listed-member@example.org");
        var directory = await member.GetDocumentAsync("/membership/directory?name=Avery");
        Assert.Empty(Names(directory)); // a member is not listed until they say so

        var form = await member.GetDocumentAsync("/Identity/Account/Manage/Directory");
        Assert.Null(form.QuerySelector("#Input_Listed[checked]"));
        using (var saved = await SaveEntryAsync(member, form, Entry("Avery Quill")))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        directory = await member.GetDocumentAsync("/membership/directory?name=avery");
        Assert.Equal(["Avery Quill, MD"], Names(directory));
        var entry = directory.QuerySelector(".directory-entry")!;
        Assert.Equal("Psychiatrist · Portland, Oregon", entry.QuerySelector(".meta")!.TextContent);
        Assert.Null(entry.QuerySelector("a[href^='mailto:']")); // no public address given: none shown, not the sign-in one
        Assert.DoesNotContain("listed-member@example.org", entry.OuterHtml, StringComparison.Ordinal);

        Assert.Equal(["Avery Quill, MD"], Names(await member.GetDocumentAsync("/membership/directory?state=OR&profession=Psychiatrist&name=Quill")));
        Assert.Empty(Names(await member.GetDocumentAsync("/membership/directory?state=NY&name=Quill")));
        Assert.Empty(Names(await member.GetDocumentAsync("/membership/directory?profession=Chaplain&name=Quill")));

        form = await member.GetDocumentAsync("/Identity/Account/Manage/Directory");
        using (await SaveEntryAsync(member, form, Entry("Avery Quill", listed: false)))
        {
        }

        Assert.Empty(Names(await member.GetDocumentAsync("/membership/directory?name=Quill")));
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == "listed-member@example.org").Select(u => u.Id).SingleAsync());
        var actions = await site.WithDbAsync(db => db.AuditEntries.Where(e => e.Subject == $"user:{userId}").Select(e => e.Action).ToListAsync());
        Assert.Contains("directory.listed", actions);
        Assert.Contains("directory.left", actions);
    }

    [Fact]
    public async Task ABadEntry_IsRefusedByField_KeepingWhatWasTyped()
    {
        var (member, _, _, _) = await site.PaidMemberAsync("typo-member@example.org");
        var form = await member.GetDocumentAsync("/Identity/Account/Manage/Directory");
        var values = Entry("");
        values["Input.Website"] = "javascript:alert(1)";
        values["Input.Bio"] = "Leads a monthly group for residents.";
        using var refused = await SaveEntryAsync(member, form, values);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await Html.ParseAsync(refused);
        Assert.Equal("Enter the name to show, or untick “List me” to stay out of the directory.", page.QuerySelector("#Input-Name-error")!.TextContent);
        Assert.Equal("Enter the full address, e.g. https://www.example.org, or leave it empty.", page.QuerySelector("#Input-Website-error")!.TextContent);
        Assert.Equal("true", page.QuerySelector("#Input_Website")!.GetAttribute("aria-invalid"));
        Assert.Equal("Leads a monthly group for residents.", page.QuerySelector("#Input_Bio")!.TextContent.Trim());
        Assert.Equal("OR", page.QuerySelector("#Input_State option[selected]")!.GetAttribute("value"));
    }

    [Fact]
    public async Task ALapsedMembersEntry_IsOutOfView_AndVisitorsAndNonMembersCannotReadTheDirectory()
    {
        var (member, userId, _, subscriptionId) = await site.PaidMemberAsync("will-lapse@example.org");
        var form = await member.GetDocumentAsync("/Identity/Account/Manage/Directory");
        using (await SaveEntryAsync(member, form, Entry("Rowan Lapsewell")))
        {
        }

        var editor = await site.SignedInClientAsync("directory-editor@example.org", Roles.Editor);
        Assert.Equal(["Rowan Lapsewell, MD"], Names(await editor.GetDocumentAsync("/membership/directory?name=Lapsewell")));

        using (await site.DeliverAsync(StripeStandIn.Event("customer.subscription.deleted", site.Stripe.EndSubscription(subscriptionId))))
        {
        }

        var through = (await site.MembershipOfAsync(userId)).PaidThrough!.Value;
        site.Clock.Advance(through - site.Clock.GetUtcNow() + TimeSpan.FromDays(31));
        await using (var scope = site.Services.CreateAsyncScope())
        {
            var found = await scope.ServiceProvider.GetRequiredService<MemberDirectory>().SearchAsync(new DirectoryQuery("Lapsewell", null, null), CancellationToken.None);
            Assert.Empty(found.Items);
        }

        using var visitor = await site.CreateBrowserClient().GetAsync(new Uri("/membership/directory", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, visitor.StatusCode);
        Assert.Contains("/Identity/Account/Login", visitor.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var account = await site.SignedInClientAsync("no-membership@example.org", null);
        using var closed = await account.GetAsync(new Uri("/membership/directory", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, closed.StatusCode);
        Assert.Contains("Your account does not have a current membership.", await closed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithDirectoryPublic_AVisitorReadsIt()
    {
        await using var open = new TestSite();
        open.Settings["Membership:DirectoryPublic"] = "true";
        using var response = await open.CreateBrowserClient().GetAsync(new Uri("/membership/directory", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("0 members", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
