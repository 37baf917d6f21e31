namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>Which of the file's columns hold what (by header name); only the email column is required.</summary>
public sealed class ImportMapping
{
    public string? EmailColumn { get; set; }

    public string? NameColumn { get; set; }

    /// <summary>A column saying whether the contact is subscribed; "unsubscribed", "no", "false", "0", "cleaned"… import them as unsubscribed.</summary>
    public string? StatusColumn { get; set; }

    /// <summary>When the contact subscribed on the old site (their consent time).</summary>
    public string? SubscribedAtColumn { get; set; }
}
