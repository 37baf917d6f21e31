using AmericanBalintSociety.Web.Features.Membership;

namespace AmericanBalintSociety.UnitTests;

public sealed class PasswordRulesTests
{
    private static readonly CommonPasswords Common = new();

    [Fact]
    public void TheCommonPasswordList_ShipsWithTheSite_AndHoldsOnlyPasswordsLongEnoughToPassTheLengthRule()
    {
        Assert.True(Common.Count > 10_000, $"only {Common.Count} common passwords");
        Assert.True(Common.Contains("password"));
        Assert.True(Common.Contains("PASSWORD"));   // any case
        Assert.True(Common.Contains("iloveyou"));
        Assert.False(Common.Contains("reflective practice matters"));
    }

    [Theory]
    [InlineData("baseball", "PasswordTooCommon")]
    [InlineData("  qwerty123  ", "PasswordTooCommon")] // spaces around do not make it new
    [InlineData("someone@example.org", "PasswordTooCommon")] // the account's own address
    [InlineData("Someone", "PasswordTooCommon")] // its local part
    [InlineData("a quiet walk by the river", null)]
    public void TheValidator_RefusesCommonAndSelfEvidentPasswords(string password, string? expectedCode)
    {
        var user = new ApplicationUser { Email = "someone@example.org", UserName = "someone@example.org" };

        var errors = SitePasswordValidator.CheckText(user, password, Common);

        Assert.Equal(expectedCode, errors.Select(e => e.Code).FirstOrDefault());
    }

    [Fact]
    public void PasswordsLongerThanTheMaximum_AreRefused_AndTheMaximumIsAtLeast64()
    {
        Assert.True(PasswordRules.MaximumLength >= 64);
        var user = new ApplicationUser { Email = "someone@example.org" };

        Assert.Empty(SitePasswordValidator.CheckText(user, new string('x', PasswordRules.MaximumLength - 1) + "y", Common));
        Assert.Equal("PasswordTooLong", Assert.Single(SitePasswordValidator.CheckText(user, new string('x', PasswordRules.MaximumLength + 1), Common)).Code);
    }
}
