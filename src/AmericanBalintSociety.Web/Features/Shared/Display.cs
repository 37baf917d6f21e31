using System.Globalization;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>How money is written on the site (US dollars). Dates: <see cref="SiteTime"/>.</summary>
public static class Display
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    /// <summary>"$14.50" from 1450 cents.</summary>
    public static string Money(long cents) => (cents / 100m).ToString("C", UsEnglish);
}
