using AmericanBalintSociety.Web.Features.Donations;
using AmericanBalintSociety.Web.Features.Shared;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.UnitTests;

/// <summary>What a gift's receipt says about the society (issue 17): its legal name, and its EIN or that it is available on request.</summary>
public sealed class GiftReceiptTests
{
    private static GiftReceipt Receipt(string? ein, string? legalName = null) => new(
        new Organization { Name = "The American Balint Society", ShortName = "ABS", About = "A 501(c)(3) nonprofit." },
        new SiteTime(Options.Create(new SiteOptions())),
        Options.Create(new OrganizationOptions { Ein = ein, LegalName = legalName }));

    [Fact]
    public void WithoutAnEin_TheReceiptSaysItIsAvailableOnRequest()
    {
        var receipt = Receipt(null);
        Assert.Equal("The American Balint Society", receipt.LegalName);
        Assert.EndsWith("its Employer Identification Number is available on request.", receipt.EinLine, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAnEinAndALegalName_TheReceiptNamesBoth()
    {
        var receipt = Receipt("12-3456789", "American Balint Society, Inc.");
        Assert.Equal("American Balint Society, Inc. is a tax-exempt organization under section 501(c)(3) of the Internal Revenue Code, EIN 12-3456789.", receipt.EinLine);
    }

    [Theory]
    [InlineData(Dedication.InHonorOf, "Dr. Lee", "In honor of Dr. Lee")]
    [InlineData(Dedication.InMemoryOf, "Dr. Lee", "In memory of Dr. Lee")]
    [InlineData(Dedication.None, "Dr. Lee", null)]
    public void TheDedication_IsWorded(Dedication dedication, string name, string? expected) =>
        Assert.Equal(expected, GiftReceipt.DedicationLine(new Gift { ReceiptToken = "t", Dedication = dedication, DedicationName = name }));
}
