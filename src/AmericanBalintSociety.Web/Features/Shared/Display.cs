using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>How money and choices are written on the site (US dollars). Dates: <see cref="SiteTime"/>.</summary>
public static class Display
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    /// <summary>"$14.50" from 1450 cents.</summary>
    public static string Money(long cents) => (cents / 100m).ToString("C", UsEnglish);

    /// <summary>An enum value's <see cref="DisplayAttribute"/> name ("Balint groups and training"), or its own name.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? value.ToString();
}
