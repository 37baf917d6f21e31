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

    /// <summary>"14.50" from 1450 cents: the figure a staff form shows for editing.</summary>
    public static string Dollars(long cents) => (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>"14.50", "$14.50", "14" → cents; no floating point; at most $1,000,000 and whole cents.</summary>
    public static bool TryParseDollars(string? text, out long cents)
    {
        cents = 0;
        var trimmed = text?.Trim().TrimStart('$').Trim();
        if (string.IsNullOrEmpty(trimmed) || !decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var dollars)
            || decimal.Round(dollars, 2) != dollars || dollars > 1_000_000m)
        {
            return false;
        }

        cents = (long)(dollars * 100m);
        return true;
    }

    /// <summary>An enum value's <see cref="DisplayAttribute"/> name ("Balint groups and training"), or its own name.</summary>
    public static string Of<T>(T value)
        where T : struct, Enum =>
        typeof(T).GetField(value.ToString())?.GetCustomAttribute<DisplayAttribute>()?.Name ?? value.ToString();
}
