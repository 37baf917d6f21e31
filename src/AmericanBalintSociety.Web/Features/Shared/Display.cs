using System.Globalization;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>How dates and money are written on the site (US English).</summary>
public static class Display
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    /// <summary>"September 19, 2016".</summary>
    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("MMMM d, yyyy", UsEnglish);

    /// <summary>The machine-readable form for <c>&lt;time datetime&gt;</c>.</summary>
    public static string IsoDate(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"$14.50" from 1450 cents.</summary>
    public static string Money(long cents) => (cents / 100m).ToString("C", UsEnglish);
}
