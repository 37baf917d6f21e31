using AmericanBalintSociety.Web.Features.Shared;

namespace AmericanBalintSociety.UnitTests;

public sealed class DisplayTests
{
    [Theory]
    [InlineData(1450, "$14.50")]
    [InlineData(999, "$9.99")]
    [InlineData(0, "$0.00")]
    [InlineData(123456, "$1,234.56")]
    public void Money_IsWrittenInDollarsFromCents(long cents, string expected) => Assert.Equal(expected, Display.Money(cents));

    [Fact]
    public void Date_IsWrittenForPeopleAndForMachines()
    {
        var date = new DateTimeOffset(2016, 9, 19, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal("September 19, 2016", Display.Date(date));
        Assert.Equal("2016-09-19", Display.IsoDate(date));
    }
}
