namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>
/// The words a person agrees to when joining the list. Each wording has a version, and a subscriber's record keeps the
/// version they saw. Never edit a published wording: add a new version and make it <see cref="Current"/>, so the record
/// of what earlier subscribers agreed to stays true.
/// </summary>
public static class ConsentStatement
{
    /// <summary>Consent given on the old site, before these records began (CSV import).</summary>
    public const string ImportedVersion = "import";

    private static readonly Dictionary<string, string> Versions = new(StringComparer.Ordinal)
    {
        ["2026-11"] = "Yes, send me the American Balint Society's news by email: a few mails a year about Balint groups, " +
                      "meetings, training and the society. I can unsubscribe at any time with one click from any of them.",
    };

    public static string CurrentVersion => "2026-11";

    public static string Current => Versions[CurrentVersion];

    public static string? Text(string? version) => version is not null && Versions.TryGetValue(version, out var text) ? text : null;
}
