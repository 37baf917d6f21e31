using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using AmericanBalintSociety.Web.Features.Membership.Dues;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>Staff grant honorary and complimentary memberships, with an end date or none, and end them (issue 16).</summary>
public sealed class MembershipGrantTests(TestSite site) : IClassFixture<TestSite>
{
    private static Dictionary<string, string> Facts(IDocument page) =>
        page.QuerySelectorAll("#membership-facts dt").ToDictionary(dt => dt.TextContent, dt => dt.NextElementSibling!.TextContent);

    private static string LevelValue(IDocument page, string name) =>
        page.QuerySelectorAll("#grant-level option").Single(o => o.TextContent == name).GetAttribute("value")!;

    private async Task<(HttpClient Admin, string UserId)> MemberAsync(string email)
    {
        await site.AddMemberAsync(email);
        var admin = await site.SignedInClientAsync($"grants-admin-{email}", Roles.Admin);
        var userId = await site.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        return (admin, userId);
    }

    [Fact]
    public async Task AnAdmin_GrantsAnHonoraryMembershipWithoutEnd_ThenEndsIt_BothAudited()
    {
        var (admin, userId) = await MemberAsync("honorary@example.org");
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        Assert.Equal("Not a member.", page.QuerySelector("#membership-heading + p")!.TextContent);

        using var granted = await admin.SubmitAsync(page, "form#grant-membership", new Dictionary<string, string> { ["levelId"] = LevelValue(page, "Member"), ["kind"] = "Honorary", ["endsOn"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, granted.StatusCode);
        var after = await admin.GetDocumentAsync(granted.Headers.Location!.OriginalString);
        Assert.Equal("Honorary membership, Member, no end date: granted.", after.QuerySelector("[role=status]")!.TextContent);
        Assert.Equal(new Dictionary<string, string> { ["Level"] = "Member", ["Kind"] = "Honorary", ["Status"] = "Active", ["Until"] = "No end date" }, Facts(after));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "membership.granted" && e.Subject == $"user:{userId}")));

        using var ended = await admin.SubmitAsync(after, $"form[action='/admin/members/{userId}/membership/end']", new Dictionary<string, string>());
        var last = await admin.GetDocumentAsync(ended.Headers.Location!.OriginalString);
        Assert.Equal("Lapsed", Facts(last)["Status"]);
        Assert.Null(last.QuerySelector($"form[action='/admin/members/{userId}/membership/end']"));
        Assert.True(await site.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "membership.ended" && e.Subject == $"user:{userId}")));
    }

    [Fact]
    public async Task AComplimentaryMembership_LastsThroughItsLastDay_AndADayPassedIsRefused()
    {
        var (admin, userId) = await MemberAsync("complimentary@example.org");
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        var trainee = LevelValue(page, "Trainee");

        using var past = await admin.SubmitAsync(page, "form#grant-membership", new Dictionary<string, string> { ["levelId"] = trainee, ["kind"] = "Complimentary", ["endsOn"] = "2020-01-31" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, past.StatusCode);
        var refused = await Html.ParseAsync(past);
        Assert.Equal("The end date has passed. Choose a later date, or none for a membership without end.", refused.QuerySelector("#grant-ends-error")!.TextContent);
        // Everything typed comes back: the date, the level and the kind.
        Assert.Equal("2020-01-31", refused.QuerySelector("#grant-ends")!.GetAttribute("value"));
        Assert.Equal("true", refused.QuerySelector("#grant-ends")!.GetAttribute("aria-invalid"));
        Assert.Equal(trainee, refused.QuerySelector("#grant-level option[selected]")!.GetAttribute("value"));
        Assert.Equal("Complimentary", refused.QuerySelector("#grant-kind option[selected]")!.GetAttribute("value"));

        using var garbled = await admin.SubmitAsync(page, "form#grant-membership", new Dictionary<string, string> { ["levelId"] = trainee, ["kind"] = "Complimentary", ["endsOn"] = "next spring" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, garbled.StatusCode);
        Assert.Equal("Enter the last day as a date, e.g. 2027-12-31, or leave it empty.", (await Html.ParseAsync(garbled)).QuerySelector("#grant-ends-error")!.TextContent);
        Assert.False(await site.WithDbAsync(db => db.Memberships.AnyAsync(m => m.UserId == userId)));

        var lastDay = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(1);
        using var granted = await admin.SubmitAsync(page, "form#grant-membership", new Dictionary<string, string> { ["levelId"] = trainee, ["kind"] = "Complimentary", ["endsOn"] = lastDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var facts = Facts(await admin.GetDocumentAsync(granted.Headers.Location!.OriginalString));
        Assert.Equal(("Trainee", "Complimentary", "Active"), (facts["Level"], facts["Kind"], facts["Status"]));
        Assert.Equal(lastDay.ToString("MMMM d, yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-US")), facts["Until"]); // through its last day
    }

    [Fact]
    public async Task AGrant_DoesNotOverrideDuesBeingPaid()
    {
        var (admin, userId) = await MemberAsync("paying@example.org");
        await site.WithDbAsync(async db =>
        {
            var level = await db.MembershipLevels.OrderBy(l => l.Id).FirstAsync();
            db.Memberships.Add(new SocietyMembership { UserId = userId, LevelId = level.Id, Kind = MembershipKind.Paid, PaidThrough = DateTimeOffset.UtcNow.AddMonths(6), AutoRenew = true });
            return await db.SaveChangesAsync();
        });
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        Assert.Equal("Active", Facts(page)["Status"]);

        using var refused = await admin.SubmitAsync(page, "form#grant-membership", new Dictionary<string, string> { ["levelId"] = LevelValue(page, "Member"), ["kind"] = "Honorary", ["endsOn"] = "" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var after = await Html.ParseAsync(refused);
        Assert.StartsWith("This member's paid membership runs until", after.QuerySelector("form#grant-membership [role=alert]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(MembershipKind.Paid, await site.WithDbAsync(db => db.Memberships.Where(m => m.UserId == userId).Select(m => m.Kind).SingleAsync()));
    }
}
