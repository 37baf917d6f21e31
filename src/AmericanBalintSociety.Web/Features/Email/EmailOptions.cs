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
