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
    public void Date_IsWrittenInTheSocietysTimeZone_ForPeopleAndForMachines()
    {
        var time = new SiteTime(Microsoft.Extensions.Options.Options.Create(new SiteOptions { TimeZone = "America/New_York" }));
        var lateEvening = new DateTimeOffset(2016, 9, 20, 2, 30, 0, TimeSpan.Zero); // 10:30 PM on the 19th in New York

        Assert.Equal("September 19, 2016", time.Date(lateEvening));
        Assert.Equal("2016-09-19T22:30:00-04:00", time.Iso(lateEvening));
        Assert.Equal("September 19, 2016, 10:30 PM EDT", time.DateAndTime(lateEvening));
        Assert.Equal(lateEvening, time.FromLocal(new DateTime(2016, 9, 19, 22, 30, 0, DateTimeKind.Unspecified)));
    }
}
