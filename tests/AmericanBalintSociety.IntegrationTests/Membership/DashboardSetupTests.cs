using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Features.Membership;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>The staff dashboard tells an Admin what the server still lacks, and stops once it is set.</summary>
public sealed class DashboardSetupTests
{
    [Fact]
    public async Task ANewSociety_IsToldToSetItsContactAddressRecipientsEinAndKeyCertificate_ThenNothing()
    {
        await using var bare = new TestSite { Settings = { ["DataProtection:Certificate:Path"] = "" } };
        var admin = await bare.SignedInClientAsync("setup-admin@example.org", Roles.Admin);
        var editor = await bare.SignedInClientAsync("setup-editor@example.org", Roles.Editor);

        var items = (await admin.GetDocumentAsync("/admin")).QuerySelectorAll("#still-to-set li").Select(li => li.TextContent).ToList();

        Assert.Equal(4, items.Count);
        Assert.StartsWith("Site:ContactEmail", items[0], StringComparison.Ordinal);
        Assert.StartsWith("Contact:Recipients", items[1], StringComparison.Ordinal);
        Assert.StartsWith("Organization:Ein", items[2], StringComparison.Ordinal);
        Assert.StartsWith("DataProtection:Certificate:Path", items[3], StringComparison.Ordinal);
        Assert.Null((await editor.GetDocumentAsync("/admin")).QuerySelector("#still-to-set")); // server settings are the Admins' business

        await using var ready = new TestSite { Settings = { ["Site:ContactEmail"] = "office@example.org", ["Contact:Recipients:Default:0"] = "office@example.org", ["Organization:Ein"] = "12-3456789" } };
        var readyAdmin = await ready.SignedInClientAsync("ready-admin@example.org", Roles.Admin);
        Assert.Null((await readyAdmin.GetDocumentAsync("/admin")).QuerySelector("#still-to-set"));
    }
}
