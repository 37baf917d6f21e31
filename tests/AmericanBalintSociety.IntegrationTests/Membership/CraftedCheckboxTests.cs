using System.Net;
using AmericanBalintSociety.TestSupport;
using AmericanBalintSociety.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AmericanBalintSociety.IntegrationTests.Membership;

/// <summary>A checkbox posted with a value no browser sends gets the form back with a message, never a 500.</summary>
public sealed class CraftedCheckboxTests(TestSite site) : IClassFixture<TestSite>
{
    [Theory]
    [InlineData("/Identity/Account/Login", "Input.RememberMe")]
    [InlineData("/Identity/Account/Register", "Input.JoinMailingList")]
    public async Task ANonBooleanCheckbox_ShowsTheFormAgain_WithAMessage(string path, string field)
    {
        var client = site.CreateBrowserClient();
        var form = await client.GetDocumentAsync(path);

        using var response = await client.SubmitAsync(form, "main form", new Dictionary<string, string>
        {
            ["Input.Name"] = "Crafted Checkbox",
            ["Input.Email"] = "crafted-checkbox@example.org",
            ["Input.Password"] = Accounts.StrongPassword,
            ["Input.ConfirmPassword"] = Accounts.StrongPassword,
            [field] = "not-a-boolean",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await Html.ParseAsync(response);
        Assert.Contains(OnOffModelBinder.Message, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("crafted-checkbox@example.org", page.QuerySelector("#Input_Email")!.GetAttribute("value"));
        Assert.False(await site.WithDbAsync(db => db.Users.AnyAsync(u => u.Email == "crafted-checkbox@example.org")));
    }
}
