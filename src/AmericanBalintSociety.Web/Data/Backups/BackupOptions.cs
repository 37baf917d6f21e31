using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Data.Backups;

/// <summary>Settings under <c>Backup</c> (issue 18), checked at start.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Backup";

    /// <summary>The time of day (HH:mm, the society's time zone) the running site backs up every day; empty: no scheduled backups.</summary>
    [RegularExpression(@"^([01]\d|2[0-3]):[0-5]\d$", ErrorMessage = "Backup:Schedule must be a time of day as HH:mm (e.g. 03:00), or empty for none.")]
    public string? Schedule { get; set; } = "03:00";

    /// <summary>Where archives are written (relative paths under <c>Site:DataDirectory</c>).</summary>
    [Required]
    public string Folder { get; set; } = "App_Data/backups";

    /// <summary>How many archives the folder keeps: after each scheduled backup the oldest beyond this are deleted.</summary>
    [Range(1, 1000)]
    public int Keep { get; set; } = 14;

    /// <summary>Whether the site backs up before applying migrations at start (refusing to migrate if it cannot).</summary>
    public bool BeforeMigrations { get; set; } = true;

    /// <summary>The scheduled time as a time of day, or null when unscheduled.</summary>
    public TimeOnly? DailyAt => string.IsNullOrWhiteSpace(Schedule) ? null : TimeOnly.ParseExact(Schedule, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

[OptionsValidator]
public sealed partial class BackupOptionsValidator : IValidateOptions<BackupOptions>;
