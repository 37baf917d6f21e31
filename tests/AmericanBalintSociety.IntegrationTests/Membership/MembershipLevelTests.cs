using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Navigation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// Membership levels (issue 16): seeded without dues, so membership "opens soon" until an Admin sets them; then the
/// membership page offers each level with its dues. Staff edits keep what was typed and say what is wrong by the field.
/// </summary>
public sealed class MembershipLevelTests
{
    [Fact]
    public async Task AFreshSite_OffersNoLevel_SaysMembershipOpensSoon_WithTheMailingList_AndTheDashboardSaysWhy()
    {
        await using var site = new TestSite();

        var page = await site.CreateBrowserClient().GetDocumentAsync("/membership");

        Assert.Equal("Membership", page.QuerySelector("h1")!.TextContent);
        Assert.Equal("Joining online opens soon", page.QuerySelector("#opens-soon")!.TextContent);
        Assert.NotNull(page.QuerySelector("form#mailing-list-signup-membership[action='/mailing-list']"));
        Assert.Null(page.QuerySelector(".offers"));
        Assert.Equal("/membership", page.QuerySelector("nav[aria-label=Main] a[aria-current=page]")!.GetAttribute("href"));

        var levels = await site.WithDbAsync(db => db.MembershipLevels.OrderBy(l => l.DisplayOrder).Select(l => new { l.Name, l.Eligibility, l.AnnualDuesCents }).ToListAsync());
        Assert.Equal([new { Name = "Member", Eligibility = (string?)null, AnnualDuesCents = (long?)null }, new { Name = "Trainee", Eligibility = (string?)"students, residents and fellows", AnnualDuesCents = (long?)null }], levels);

        var admin = await site.SignedInClientAsync("levels-dashboard@example.org", Roles.Admin);
        var dashboard = await admin.GetDocumentAsync("/admin");
        Assert.Contains("Member and Trainee have no annual dues set yet, so the membership page cannot show them.", dashboard.QuerySelector("#membership-problem")!.TextContent, StringComparison.Ordinal);
        var editor = await site.SignedInClientAsync("levels-dashboard-editor@example.org", Roles.Editor);
        Assert.Null((await editor.GetDocumentAsync("/admin")).QuerySelector("#membership-problem")); // prices are the Admins' to set
    }

    [Fact]
    public async Task AnAdminSetsTheDues_AndTheMembershipPageOffersTheLevelAtThatPrice_Audited()
    {
        await using var site = new TestSite();
        var admin = await site.SignedInClientAsync("levels-admin@example.org", Roles.Admin);
        var list = await admin.GetDocumentAsync("/admin/membership/levels");
        var edit = await admin.GetDocumentAsync(list.QuerySelectorAll("table a").Single(a => a.TextContent == "Member").GetAttribute("href")!);

        using var saved = await admin.SubmitAsync(edit, "form#level-form", new Dictionary<string, string>
        {
            ["Name"] = "Member",
            ["Description"] = "Full membership of the society.\r\n\r\nA vote at the annual meeting.", // as a browser sends a textarea
            ["AnnualDues"] = "$120",
            ["IsOffered"] = "true",
            ["DisplayOrder"] = "1",
        });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await admin.GetDocumentAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal("Member saved.", after.QuerySelector("[role=status]")!.TextContent);
        Assert.Null(after.QuerySelector(".alert-warning")); // one level can be shown with its dues
        Assert.Equal("No: no dues set", after.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Trainee").Children[3].TextContent);

        var page = await site.CreateBrowserClient().GetDocumentAsync("/membership");
        var offers = page.QuerySelectorAll(".offers > li").ToList();
        var member = Assert.Single(offers); // Trainee has no dues yet, so it is not offered
        Assert.Equal("Member", member.QuerySelector("h3")!.TextContent);
        Assert.Equal("$120.00 a year", member.QuerySelector(".price")!.TextContent.Trim());
        Assert.Equal(["Full membership of the society.", "A vote at the annual meeting."], member.QuerySelectorAll("p:not(.price):not(.hint)").Select(p => p.TextContent));
        Assert.NotNull(page.QuerySelector("#opens-soon")); // no Stripe key on this site: joining online is off, and the page says so

        var entry = await site.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "membership-level.edited"));
        Assert.Equal("Member, no dues set, on offer → Member, $120.00 a year, on offer", entry.Details);
        Assert.Null((await admin.GetDocumentAsync("/admin")).QuerySelector("#membership-problem"));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("12.345")]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task DuesThatAreNotAnAmount_ComeBackByTheField_WithEverythingTyped(string dues)
    {
        await using var site = new TestSite();
        var admin = await site.SignedInClientAsync("levels-bad@example.org", Roles.Admin);
        var form = await admin.GetDocumentAsync("/admin/membership/levels/new");

        using var refused = await admin.SubmitAsync(form, "form#level-form", new Dictionary<string, string>
        {
            ["Name"] = "Supporter",
            ["Eligibility"] = "anyone who supports the society",
            ["Description"] = "Kept description.",
            ["AnnualDues"] = dues,
            ["IsOffered"] = "true",
            ["DisplayOrder"] = "3",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var again = await Html.ParseAsync(refused);
        Assert.Equal("Enter the annual dues in dollars, e.g. 120 or 120.00, or leave it empty.", again.QuerySelector("#AnnualDues-error")!.TextContent);
        Assert.Equal("true", again.QuerySelector("#AnnualDues")!.GetAttribute("aria-invalid"));
        Assert.Equal(dues, again.QuerySelector("#AnnualDues")!.GetAttribute("value"));
        Assert.Equal("Supporter", again.QuerySelector("#Name")!.GetAttribute("value"));
        Assert.Equal("Kept description.", again.QuerySelector("#Description")!.TextContent.Trim());
        Assert.False(await site.WithDbAsync(db => db.MembershipLevels.AnyAsync(l => l.Name == "Supporter")));
    }

    [Fact]
    public async Task ANewLevel_IsAdded_AndASecondWithTheSameName_IsRefused()
    {
        await using var site = new TestSite();
        var admin = await site.SignedInClientAsync("levels-new@example.org", Roles.Admin);
        var values = new Dictionary<string, string> { ["Name"] = "Supporter", ["AnnualDues"] = "60.00", ["IsOffered"] = "true", ["DisplayOrder"] = "3" };

        using var created = await admin.SubmitAsync(await admin.GetDocumentAsync("/admin/membership/levels/new"), "form#level-form", values);
        using var duplicate = await admin.SubmitAsync(await admin.GetDocumentAsync("/admin/membership/levels/new"), "form#level-form", values);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(6000, await site.WithDbAsync(db => db.MembershipLevels.Where(l => l.Name == "Supporter").Select(l => l.AnnualDuesCents).SingleAsync()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, duplicate.StatusCode);
        Assert.Equal("There is already a level named “Supporter”.", (await Html.ParseAsync(duplicate)).QuerySelector("#Name-error")!.TextContent);
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "membership-level.created")));
    }

    [Fact]
    public async Task TwoAdminsEditingOneLevel_TheSecondIsTold_AndKeepsWhatTheyTyped()
    {
        await using var site = new TestSite();
        var first = await site.SignedInClientAsync("levels-first@example.org", Roles.Admin);
        var second = await site.SignedInClientAsync("levels-second@example.org", Roles.Admin);
        var id = await site.WithDbAsync(db => db.MembershipLevels.Where(l => l.Name == "Trainee").Select(l => l.Id).SingleAsync());
        var firstForm = await first.GetDocumentAsync($"/admin/membership/levels/{id}");
        var secondForm = await second.GetDocumentAsync($"/admin/membership/levels/{id}");

        using var firstSave = await first.SubmitAsync(firstForm, "form#level-form", new Dictionary<string, string> { ["Name"] = "Trainee", ["AnnualDues"] = "40", ["IsOffered"] = "true", ["DisplayOrder"] = "2" });
        using var secondSave = await second.SubmitAsync(secondForm, "form#level-form", new Dictionary<string, string> { ["Name"] = "Trainee", ["AnnualDues"] = "45", ["IsOffered"] = "true", ["DisplayOrder"] = "2" });

        Assert.Equal(HttpStatusCode.Redirect, firstSave.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, secondSave.StatusCode);
        var again = await Html.ParseAsync(secondSave);
        Assert.Contains("Someone else changed this level since you opened it.", again.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("45", again.QuerySelector("#AnnualDues")!.GetAttribute("value"));
        Assert.Equal(4000, await site.WithDbAsync(db => db.MembershipLevels.Where(l => l.Id == id).Select(l => l.AnnualDuesCents).SingleAsync()));
    }

    [Theory]
    [InlineData("-1.00:00:00")]
    [InlineData("400.00:00:00")]
    public async Task AGracePeriodOutsideZeroTo365Days_StopsTheSiteAtStart(string grace)
    {
        await using var site = new TestSite { Settings = { ["Membership:GracePeriod"] = grace } };

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => site.CreateClient());

        Assert.Contains("MembershipOptions.GracePeriod must be between 00:00:00 and 365.00:00:00", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASiteWhoseMenuWasSeededBefore_GetsMembershipOnce_BeforeTheNews()
    {
        await using var site = new TestSite();
        await site.WithDbAsync(async db =>
        {
            await db.MenuItems.Where(i => i.Section == BuiltInSections.Membership.Key).ExecuteDeleteAsync();
            await db.SeedRecords.Where(r => r.Key == "menu:membership").ExecuteDeleteAsync();
            await db.SeedRecords.Where(r => r.Key.StartsWith("seeded:")).ExecuteDeleteAsync(); // an older release's run: another fingerprint
        });

        await using (var scope = site.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AmericanBalintSociety.Web.Data.Seeding.SeedContentLoader>().SeedAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<AmericanBalintSociety.Web.Data.Seeding.SeedContentLoader>().SeedAsync(CancellationToken.None);
        }

        var menu = (await site.CreateBrowserClient().GetDocumentAsync("/")).QuerySelectorAll("nav[aria-label=Main] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/", "/about", "/balint-groups", "/membership", "/news", "/book", "/mailing-list", "/contact", "/donate", "/cart"], menu);
    }
}
