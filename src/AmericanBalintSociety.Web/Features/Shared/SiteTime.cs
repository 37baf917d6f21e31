using System.Globalization;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Shared;

/// <summary>Dates as the society reads them: in its time zone, in US English.</summary>
public sealed class SiteTime
{
    private static readonly CultureInfo UsEnglish = CultureInfo.GetCultureInfo("en-US");

    public SiteTime(IOptions<SiteOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
    }

    public TimeZoneInfo Zone { get; }

    public DateTimeOffset ToLocal(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Zone);

    /// <summary>A wall-clock time in the society's zone (what a datetime-local field posts) as a UTC moment.</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, Zone), TimeSpan.Zero);
    }

    /// <summary>Midnight of a calendar date in the society's zone, as a UTC moment.</summary>
    public DateTimeOffset StartOfDay(DateOnly date) => FromLocal(date.ToDateTime(TimeOnly.MinValue));

    /// <summary>"September 19, 2016".</summary>
    public string Date(DateTimeOffset moment) => ToLocal(moment).ToString("MMMM d, yyyy", UsEnglish);

    /// <summary>"September 19, 2016, 9:30 AM EDT"-style, for staff.</summary>
    public string DateAndTime(DateTimeOffset moment)
    {
        var local = ToLocal(moment);
        return local.ToString("MMMM d, yyyy, h:mm tt", UsEnglish) + " " + (Zone.IsDaylightSavingTime(local) ? Abbreviation(Zone.DaylightName) : Abbreviation(Zone.StandardName));
    }

    /// <summary>The value for a <c>&lt;time datetime&gt;</c> attribute (the full moment, with its offset).</summary>
    public string Iso(DateTimeOffset moment) => ToLocal(moment).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>The value for a datetime-local input.</summary>
    public string LocalInput(DateTimeOffset moment) => ToLocal(moment).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static string Abbreviation(string name) =>
        name.Contains(' ', StringComparison.Ordinal) ? string.Concat(name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[0])) : name;
}
