using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.MailingList;

/// <summary>Settings under <c>MailingList</c>.</summary>
public sealed class MailingListOptions
{
    public const string SectionName = "MailingList";

    /// <summary>
    /// The society's postal address, printed in the footer of every list mail (CAN-SPAM requires one).
    /// Required: a deployment sets it (appsettings.Production.json or <c>MailingList__PostalAddress</c>).
    /// </summary>
    [Required(ErrorMessage = "MailingList:PostalAddress is required: every list mail must carry the society's postal address.")]
    [StringLength(300)]
    public string PostalAddress { get; set; } = "";

    /// <summary>A signup sent sooner than this after the form was shown is taken for a bot and silently dropped.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MinimumTimeOnForm { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a confirmation link works.</summary>
    [Range(typeof(TimeSpan), "00:10:00", "30.00:00:00")]
    public TimeSpan ConfirmationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most one confirmation (or "already subscribed") mail per address in this time, however often it is submitted.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MailInterval { get; set; } = TimeSpan.FromHours(1);

    [ValidateObjectMembers]
    public NewsletterSendingOptions Sending { get; set; } = new();
}

[OptionsValidator]
public sealed partial class MailingListOptionsValidator : IValidateOptions<MailingListOptions>;
