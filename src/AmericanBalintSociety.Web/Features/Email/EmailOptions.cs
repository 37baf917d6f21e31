using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AmericanBalintSociety.Web.Features.Email;

/// <summary>Settings under <c>Email</c>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    /// <summary>The address mail comes from.</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = "no-reply@americanbalintsociety.org";

    /// <summary>The name mail comes from.</summary>
    [Required, StringLength(100)]
    public string FromName { get; set; } = "The American Balint Society";

    /// <summary>Where mail is written as .eml files when no SMTP host is set (relative to the content root).</summary>
    [Required]
    public string PickupDirectory { get; set; } = "App_Data/mail";

    /// <summary>
    /// How many days the text of a sent or cancelled mail is kept (<see cref="MailRetention"/>). Its record (address,
    /// subject, kind, when it went) stays; the text, a reset or download link with it, goes.
    /// </summary>
    [Range(1, 3650, ErrorMessage = "Email:KeepMailTextDays must be between 1 and 3650.")]
    public int KeepMailTextDays { get; set; } = 30;

    [ValidateObjectMembers]
    public SmtpOptions Smtp { get; set; } = new();

    [ValidateObjectMembers]
    public OutboxDispatcherOptions Dispatcher { get; set; } = new();
}

public enum SmtpSecurity
{
    /// <summary>Let MailKit choose from the port (465: TLS on connect; otherwise STARTTLS when offered).</summary>
    Auto,

    /// <summary>Plain text; only for a relay on the same machine or a test listener.</summary>
    None,

    /// <summary>Require STARTTLS (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    SslOnConnect,
}

[OptionsValidator]
public sealed partial class EmailOptionsValidator : IValidateOptions<EmailOptions>;
