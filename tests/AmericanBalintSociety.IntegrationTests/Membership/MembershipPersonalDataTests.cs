using System.Net;
using System.Text.Json;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>
/// A member's data (issue 16): the download holds the membership, its payments, the directory entry and staff notes;
/// deleting the account cancels the subscription at Stripe first (or is refused, with nothing erased), keeps the payments
/// without the person, and removes the directory entry.
/// </summary>
public sealed class MembershipPersonalDataTests(MembershipSite site) : IClassFixture<MembershipSite>
{
    private static Dictionary<string, string> Listed(string name) => new()
    {
        ["Input.Listed"] = "true",
        ["Input.Name"] = name,
        ["Input.Credentials"] = "LCSW",
        ["Input.Profession"] = "Social worker",
        ["Input.Organization"] = "",
        ["Input.City"] = "",
        ["Input.State"] = "",
        ["Input.Bio"] = "",
        ["Input.PublicEmail"] = "",
        ["Input.Website"] = "",
    };

    private async Task<(HttpClient Client, string UserId, string SubscriptionId)> ListedMemberWithNoteAsync(string email)
    {
        var (client, userId, _, subscriptionId) = await site.PaidMemberAsync(email);
        var form = await client.GetDocumentAsync("/Identity/Account/Manage/Directory");
        using (await client.SubmitAsync(form, "form#directory-form", Listed("Sam Datawise")))
        {
        }

        var admin = await site.SignedInClientAsync($"notes-for-{email}", Roles.Admin);
        var page = await admin.GetDocumentAsync($"/admin/members/{userId}");
        using (await admin.SubmitAsync(page, "form#add-note", new Dictionary<string, string> { ["note"] = "Prefers mail by post." }))
        {
        }

        return (client, userId, subscriptionId);
    }

    [Fact]
    public async Task MyData_HoldsTheMembershipPaymentsDirectoryEntryAndNotes()
    {
        var (client, _, _) = await ListedMemberWithNoteAsync("data-member@example.org");
        var dataPage = await client.GetDocumentAsync("/Identity/Account/Manage/PersonalData");
        using var download = await client.SubmitAsync(dataPage, "form#download-data", new Dictionary<string, string>());
        using var json = JsonDocument.Parse(await download.Content.ReadAsStringAsync());

        var section = json.RootElement.GetProperty("membership");
        Assert.Equal("Member", section.GetProperty("membership").GetProperty("level").GetString());
        Assert.Equal("Active", section.GetProperty("membership").GetProperty("status").GetString());
        Assert.Equal(MembershipSite.MemberDues, section.GetProperty("membership").GetProperty("payments")[0].GetProperty("amountCents").GetInt64());
        Assert.Equal("Sam Datawise", section.GetProperty("directory").GetProperty("name").GetString());
        Assert.Equal("Prefers mail by post.", section.GetProperty("staffNotes")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task DeletingTheAccount_CancelsTheSubscriptionFirst_KeepsPaymentsWithoutThePerson_AndRemovesTheEntry()
    {
        var (client, userId, subscriptionId) = await ListedMemberWithNoteAsync("leaving-member@example.org");
        var membershipId = (await site.MembershipOfAsync(userId)).Id;

        // Stripe down: the account is not deleted, so the person is never left paying for a membership without an account.
        site.Stripe.Outage = TimeSpan.Zero;
        try
        {
            var deletePage = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
            using var refused = await client.SubmitAsync(deletePage, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword });
            Assert.Contains("your account was not deleted", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(await site.WithDbAsync(db => db.Users.AnyAsync(u => u.Id == userId)));
            Assert.Equal("active", site.Stripe.Subscription(subscriptionId)["status"]!.GetValue<string>());
        }
        finally
        {
            site.Stripe.Outage = null;
        }

        var page = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using (var deleted = await client.SubmitAsync(page, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword }))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.Equal("canceled", site.Stripe.Subscription(subscriptionId)["status"]!.GetValue<string>());
        var kept = await site.WithDbAsync(db => db.Memberships.AsNoTracking().Include(m => m.Payments).SingleAsync(m => m.Id == membershipId));
        Assert.Null(kept.UserId);
        Assert.Null(kept.StripeCustomerId);
        var payment = Assert.Single(kept.Payments);
        Assert.Equal(MembershipSite.MemberDues, payment.AmountCents);
        Assert.Null(payment.ReceiptUrl);
        Assert.False(await site.WithDbAsync(db => db.DirectoryEntries.AnyAsync(e => e.UserId == userId)));
        Assert.False(await site.WithDbAsync(db => db.MemberNotes.AnyAsync(n => n.UserId == userId)));
    }

    [Fact]
    public async Task DeletingTheAccount_ClosesAnOpenCheckout_SoNobodyCanPayForAMembershipWithoutAnAccount()
    {
        var client = await site.SignedInClientAsync("checkout-then-delete@example.org", null);
        var sessionId = await MembershipSite.StartJoinAsync(client);
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/DeletePersonalData");
        using (var deleted = await client.SubmitAsync(page, "form#delete-user", new Dictionary<string, string> { ["Input.Password"] = Accounts.StrongPassword }))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.Equal("expired", site.Stripe.Session(sessionId)["status"]!.GetValue<string>());
    }
}
