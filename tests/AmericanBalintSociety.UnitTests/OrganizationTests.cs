using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.UnitTests;

public sealed class OrganizationTests
{
    [Fact]
    public void Load_ReadsTheNameAndTheFooterLineFromTheSeedContent()
    {
        var organization = Organization.Load(Path.Combine(AppContext.BaseDirectory, "Content", "Seed", "organization.md"));

        Assert.Equal("The American Balint Society", organization.Name);
        Assert.Equal("ABS", organization.ShortName);
        Assert.StartsWith("The American Balint Society is a 501(c)(3) non-profit organization", organization.About, StringComparison.Ordinal);
        Assert.EndsWith("is a member society of the International Balint Federation.", organization.About, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', organization.About);
        Assert.StartsWith("Vision", organization.Vision, StringComparison.Ordinal);
    }
}
